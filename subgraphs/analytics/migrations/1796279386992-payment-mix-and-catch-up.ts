import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../../../common/database/database.ts';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class PaymentMixAndCatchUp1796279386992 implements MigrationInterface {
  name = 'PaymentMixAndCatchUp1796279386992';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."payment_facts" ("payment_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "order_id" uuid NOT NULL, "provider" text NOT NULL, "method" text, "currency" character(3) NOT NULL, "amount" integer NOT NULL, "succeeded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ea5e1f6c0de9211fe74807d2d70" PRIMARY KEY ("payment_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "payment_facts_order_idx" ON "analytics"."payment_facts"  ("order_id") `);
    await queryRunner.query(
      `CREATE INDEX "payment_facts_succeeded_idx" ON "analytics"."payment_facts"  ("tenant_id", "succeeded_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."payment_refund_facts" ("event_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "order_id" uuid NOT NULL, "provider" text NOT NULL, "method" text, "currency" character(3) NOT NULL, "amount" integer NOT NULL, "refunded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_59a81724ab1549c9cabc4236eb1" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "payment_refund_facts_order_idx" ON "analytics"."payment_refund_facts"  ("order_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "payment_refund_facts_refunded_idx" ON "analytics"."payment_refund_facts"  ("tenant_id", "refunded_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."hourly_payments" ("tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "provider" text NOT NULL, "method" text NOT NULL, "currency" character(3) NOT NULL, "collected" bigint NOT NULL, "payments" integer NOT NULL, "refunded" bigint NOT NULL, CONSTRAINT "PK_94b30977f9ecd6e1ace997f7c21" PRIMARY KEY ("tenant_id", "store_id", "hour", "provider", "method", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."event_cursors" ("source" text NOT NULL, "position" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d74522cd65bf246f50837b8ddc6" PRIMARY KEY ("source"))`,
    );
    for (const table of ['payment_facts', 'payment_refund_facts', 'hourly_payments']) {
      await isolateByTenant(queryRunner, `"analytics"."${table}"`);
    }
    // Every tenant's position in the sources' outboxes: the system's alone, never a request's.
    await queryRunner.query(`REVOKE ALL ON "analytics"."event_cursors" FROM ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "analytics"."event_cursors"`);
    await queryRunner.query(`DROP TABLE "analytics"."hourly_payments"`);
    await queryRunner.query(`DROP INDEX "analytics"."payment_refund_facts_refunded_idx"`);
    await queryRunner.query(`DROP INDEX "analytics"."payment_refund_facts_order_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."payment_refund_facts"`);
    await queryRunner.query(`DROP INDEX "analytics"."payment_facts_succeeded_idx"`);
    await queryRunner.query(`DROP INDEX "analytics"."payment_facts_order_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."payment_facts"`);
  }
}
