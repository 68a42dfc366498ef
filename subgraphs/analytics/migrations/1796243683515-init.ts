import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTable, dropIdempotencyTable } from '../../../common/database/idempotency.ts';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';
import { createEventTables, dropEventTables } from '../../../common/events/outbox.ts';

export class Init1796243683515 implements MigrationInterface {
  name = 'Init1796243683515';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."stores" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "timezone" text NOT NULL, "currency" character(3) NOT NULL, CONSTRAINT "PK_7aa6e7d71fa7acdd7ca43d7c9cb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."order_facts" ("order_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "customer_id" uuid, "currency" character(3), "total" integer, "item_count" integer, "placed_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_029fb3ba95841d38a4b48f15d79" PRIMARY KEY ("order_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_facts_store_placed_idx" ON "analytics"."order_facts"  ("tenant_id", "store_id", "placed_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "order_facts_customer_placed_idx" ON "analytics"."order_facts"  ("tenant_id", "customer_id", "placed_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."order_fact_lines" ("order_id" uuid NOT NULL, "position" integer NOT NULL, "tenant_id" uuid NOT NULL, "product_id" uuid NOT NULL, "product_name" text NOT NULL, "quantity" integer NOT NULL, "total" integer NOT NULL, CONSTRAINT "PK_48a390ad0556f1ae836861bfe5a" PRIMARY KEY ("order_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."hourly_sales" ("tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "currency" character(3) NOT NULL, "revenue" bigint NOT NULL, "orders" integer NOT NULL, "items" integer NOT NULL, "customers" integer NOT NULL, "new_customers" integer NOT NULL, CONSTRAINT "PK_ce1fc3fa81dc3c47b77e75856e3" PRIMARY KEY ("tenant_id", "store_id", "hour", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."hourly_product_sales" ("tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "product_id" uuid NOT NULL, "currency" character(3) NOT NULL, "product_name" text NOT NULL, "quantity" integer NOT NULL, "revenue" bigint NOT NULL, CONSTRAINT "PK_8d665aac4d1c8ecac0312494c37" PRIMARY KEY ("tenant_id", "store_id", "hour", "product_id", "currency"))`,
    );
    for (const table of ['stores', 'order_facts', 'order_fact_lines', 'hourly_sales', 'hourly_product_sales']) {
      await isolateByTenant(queryRunner, `"analytics"."${table}"`);
    }
    await createIdempotencyTable(queryRunner, 'analytics');
    await createEventTables(queryRunner, 'analytics');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropEventTables(queryRunner, 'analytics');
    await dropIdempotencyTable(queryRunner, 'analytics');
    await queryRunner.query(`DROP TABLE "analytics"."hourly_product_sales"`);
    await queryRunner.query(`DROP TABLE "analytics"."hourly_sales"`);
    await queryRunner.query(`DROP TABLE "analytics"."order_fact_lines"`);
    await queryRunner.query(`DROP INDEX "analytics"."order_facts_customer_placed_idx"`);
    await queryRunner.query(`DROP INDEX "analytics"."order_facts_store_placed_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."order_facts"`);
    await queryRunner.query(`DROP TABLE "analytics"."stores"`);
  }
}
