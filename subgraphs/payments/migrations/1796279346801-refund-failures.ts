import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RefundFailures1796279346801 implements MigrationInterface {
  name = 'RefundFailures1796279346801';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments"."payments" ADD "provider_refunded" integer NOT NULL DEFAULT '0'`);
    // What was refunded so far is the least the provider had reported.
    await queryRunner.query(`UPDATE "payments"."payments" SET "provider_refunded" = "refunded"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments"."payments" DROP COLUMN "provider_refunded"`);
  }
}
