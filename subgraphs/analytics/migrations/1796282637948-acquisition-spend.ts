import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../../../common/database/database.ts';

export class AcquisitionSpend1796282637948 implements MigrationInterface {
  name = 'AcquisitionSpend1796282637948';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."acquisition_spend" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "month" character(7) NOT NULL, "currency" character(3) NOT NULL, "amount" integer NOT NULL, "idempotency_key" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_91fad4f0b5f10c5865e6009c62b" UNIQUE ("idempotency_key"), CONSTRAINT "PK_78cd1fb301adfaadf274bca3ba4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "acquisition_spend_month_idx" ON "analytics"."acquisition_spend"  ("month", "currency") `,
    );
    // The platform's own spend, no tenant's data: it has no tenant_id, so there is nothing for
    // row-level security to isolate. Only platform-operator rules (recordAcquisitionSpend,
    // acquisitionSpend, PlatformRevenueMonth) reach it. What was recorded stays as it was.
    await queryRunner.query(
      `ALTER TABLE "analytics"."acquisition_spend" ADD CONSTRAINT "acquisition_spend_amount_not_negative" CHECK (amount >= 0)`,
    );
    await queryRunner.query(`REVOKE UPDATE, DELETE ON "analytics"."acquisition_spend" FROM ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "analytics"."acquisition_spend_month_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."acquisition_spend"`);
  }
}
