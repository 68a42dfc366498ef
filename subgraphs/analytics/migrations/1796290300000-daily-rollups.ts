import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';
import { rebuildDays } from '../daily-rollups.ts';

/** Sales, product sales and payments per day and scope, summed from the hourly rollups. */
export class DailyRollups1796290300000 implements MigrationInterface {
  name = 'DailyRollups1796290300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."daily_sales" ("tenant_id" uuid NOT NULL, "scope_id" uuid NOT NULL, "day" date NOT NULL, "currency" character(3) NOT NULL, "revenue" bigint NOT NULL, "orders" integer NOT NULL, "items" integer NOT NULL, "new_customers" integer NOT NULL, CONSTRAINT "PK_daily_sales" PRIMARY KEY ("tenant_id", "scope_id", "day", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."daily_product_sales" ("tenant_id" uuid NOT NULL, "scope_id" uuid NOT NULL, "day" date NOT NULL, "product_id" uuid NOT NULL, "currency" character(3) NOT NULL, "product_name" text NOT NULL, "quantity" integer NOT NULL, "revenue" bigint NOT NULL, CONSTRAINT "PK_daily_product_sales" PRIMARY KEY ("tenant_id", "scope_id", "day", "product_id", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."daily_payments" ("tenant_id" uuid NOT NULL, "scope_id" uuid NOT NULL, "day" date NOT NULL, "provider" text NOT NULL, "method" text NOT NULL, "currency" character(3) NOT NULL, "collected" bigint NOT NULL, "payments" integer NOT NULL, "refunded" bigint NOT NULL, CONSTRAINT "PK_daily_payments" PRIMARY KEY ("tenant_id", "scope_id", "day", "provider", "method", "currency"))`,
    );
    for (const table of ['daily_sales', 'daily_product_sales', 'daily_payments']) {
      await isolateByTenant(queryRunner, `"analytics"."${table}"`);
    }
    // An installation with sales already: every tenant's days, from its hours.
    const tenants: { tenant_id: string }[] = await queryRunner.query(
      `SELECT DISTINCT tenant_id FROM "analytics"."hourly_sales" UNION SELECT DISTINCT tenant_id FROM "analytics"."hourly_payments"`,
    );
    for (const { tenant_id } of tenants) await rebuildDays(queryRunner.manager, tenant_id);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "analytics"."daily_payments"`);
    await queryRunner.query(`DROP TABLE "analytics"."daily_product_sales"`);
    await queryRunner.query(`DROP TABLE "analytics"."daily_sales"`);
  }
}
