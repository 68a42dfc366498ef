import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTable, dropIdempotencyTable } from '../../../common/database/idempotency.ts';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';
import { createEventTables, dropEventTables } from '../../../common/events/outbox.ts';

export class Init1796240494911 implements MigrationInterface {
  name = 'Init1796240494911';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payments"."payable_orders" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "customer_id" uuid, "currency" character(3) NOT NULL, "total" integer NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e0e157c34e45d9447e9835df3ed" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."payments" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "order_id" uuid NOT NULL, "customer_id" uuid, "provider" text NOT NULL, "method" text, "attempt" integer NOT NULL, "state" text NOT NULL, "amount" integer NOT NULL, "currency" character(3) NOT NULL, "refunded" integer NOT NULL DEFAULT '0', "provider_reference" text, "failure_message" text, "dispute_status" text, "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "payments_order_idx" ON "payments"."payments"  ("order_id", "created_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_order_attempt_key" ON "payments"."payments"  ("order_id", "provider", "attempt") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_provider_reference_key" ON "payments"."payments"  ("provider", "provider_reference") `,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."refunds" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "amount" integer NOT NULL, "currency" character(3) NOT NULL, "state" text NOT NULL, "reason" text, "provider_reference" text, "failure_message" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5106efb01eeda7e49a78b869738" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "refunds_payment_idx" ON "payments"."refunds"  ("payment_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."webhook_events" ("provider" text NOT NULL, "event_id" text NOT NULL, "tenant_id" uuid NOT NULL, "type" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f7f654109e5cf7f541d8a9b6945" PRIMARY KEY ("provider", "event_id"))`,
    );
    for (const table of ['payable_orders', 'payments', 'refunds', 'webhook_events']) {
      await isolateByTenant(queryRunner, `"payments"."${table}"`);
    }
    await createIdempotencyTable(queryRunner, 'payments');
    await createEventTables(queryRunner, 'payments');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropEventTables(queryRunner, 'payments');
    await dropIdempotencyTable(queryRunner, 'payments');
    await queryRunner.query(`DROP TABLE "payments"."webhook_events"`);
    await queryRunner.query(`DROP INDEX "payments"."refunds_payment_idx"`);
    await queryRunner.query(`DROP TABLE "payments"."refunds"`);
    await queryRunner.query(`DROP INDEX "payments"."payments_provider_reference_key"`);
    await queryRunner.query(`DROP INDEX "payments"."payments_order_attempt_key"`);
    await queryRunner.query(`DROP INDEX "payments"."payments_order_idx"`);
    await queryRunner.query(`DROP TABLE "payments"."payments"`);
    await queryRunner.query(`DROP TABLE "payments"."payable_orders"`);
  }
}
