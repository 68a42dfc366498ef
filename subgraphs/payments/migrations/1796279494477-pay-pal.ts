import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class PayPal1796279494477 implements MigrationInterface {
  name = 'PayPal1796279494477';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payments"."payouts" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "status" text NOT NULL, "batch_reference" text, "items" jsonb NOT NULL, "failure_message" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_42d9380b63df5f49e40d9487ce3" UNIQUE ("batch_reference"), CONSTRAINT "PK_76855dc4f0a6c18c72eea302e87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "payouts_tenant_created_idx" ON "payments"."payouts"  ("tenant_id", "created_at") `,
    );
    await queryRunner.query(`ALTER TABLE "payments"."payments" ADD "capture_reference" text`);
    await queryRunner.query(
      `CREATE INDEX "payments_capture_reference_idx" ON "payments"."payments"  ("provider", "capture_reference") `,
    );
    await isolateByTenant(queryRunner, '"payments"."payouts"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "payments"."payments_capture_reference_idx"`);
    await queryRunner.query(`ALTER TABLE "payments"."payments" DROP COLUMN "capture_reference"`);
    await queryRunner.query(`DROP INDEX "payments"."payouts_tenant_created_idx"`);
    await queryRunner.query(`DROP TABLE "payments"."payouts"`);
  }
}
