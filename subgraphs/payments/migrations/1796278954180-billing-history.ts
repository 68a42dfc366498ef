import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../../../common/database/database.ts';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class BillingHistory1796278954180 implements MigrationInterface {
  name = 'BillingHistory1796278954180';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payments"."billing_changes" ("tenant_id" uuid NOT NULL, "sequence" integer NOT NULL, "tier" text NOT NULL, "status" text NOT NULL, "price_amount" integer, "currency" character(3), "price_interval" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5f94d462d8bdc7f8a86ecced89d" PRIMARY KEY ("tenant_id", "sequence"))`,
    );
    await queryRunner.query(`CREATE INDEX "billing_changes_at_idx" ON "payments"."billing_changes"  ("at") `);
    await isolateByTenant(queryRunner, '"payments"."billing_changes"');
    // Append-only for the application: past months' revenue cannot be rewritten.
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "payments"."billing_changes" FROM ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "payments"."billing_changes_at_idx"`);
    await queryRunner.query(`DROP TABLE "payments"."billing_changes"`);
  }
}
