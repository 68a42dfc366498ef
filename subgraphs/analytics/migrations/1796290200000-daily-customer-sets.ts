import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';
import { rebuildDailyCustomers } from '../daily-customers.ts';

/** Distinct customers from a bit set per day and scope, in place of a day mask per customer and year. */
export class DailyCustomerSets1796290200000 implements MigrationInterface {
  name = 'DailyCustomerSets1796290200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."customer_numbers" ("tenant_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "number" integer NOT NULL, CONSTRAINT "customer_numbers_number_key" UNIQUE ("tenant_id", "number"), CONSTRAINT "PK_customer_numbers" PRIMARY KEY ("tenant_id", "customer_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."daily_customers" ("tenant_id" uuid NOT NULL, "scope_id" uuid NOT NULL, "day" date NOT NULL, "customers" bit varying NOT NULL, CONSTRAINT "PK_daily_customers" PRIMARY KEY ("tenant_id", "scope_id", "day"))`,
    );
    await isolateByTenant(queryRunner, '"analytics"."customer_numbers"');
    await isolateByTenant(queryRunner, '"analytics"."daily_customers"');
    await queryRunner.query(`DROP TABLE "analytics"."customer_sale_days"`);
    // An installation with sales already: every tenant's sets, from its facts.
    const tenants: { tenant_id: string }[] = await queryRunner.query(
      `SELECT DISTINCT tenant_id FROM "analytics"."order_facts"`,
    );
    for (const { tenant_id } of tenants) await rebuildDailyCustomers(queryRunner.manager, tenant_id);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "analytics"."daily_customers"`);
    await queryRunner.query(`DROP TABLE "analytics"."customer_numbers"`);
  }
}
