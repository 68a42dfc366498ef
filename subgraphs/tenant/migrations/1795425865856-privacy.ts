import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Privacy1795425865856 implements MigrationInterface {
  name = 'Privacy1795425865856';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."users" ADD "marketing_consent" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" ADD "analytics_consent" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" ADD "consent_updated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."users" DROP COLUMN "erased_at"`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" DROP COLUMN "consent_updated_at"`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" DROP COLUMN "analytics_consent"`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" DROP COLUMN "marketing_consent"`);
  }
}
