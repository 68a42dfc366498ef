import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantTimeZone1796300000000 implements MigrationInterface {
  name = 'TenantTimeZone1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "time_zone" text NOT NULL DEFAULT 'UTC'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "time_zone"`);
  }
}
