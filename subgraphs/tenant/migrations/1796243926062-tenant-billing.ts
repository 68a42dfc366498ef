import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantBilling1796243926062 implements MigrationInterface {
  name = 'TenantBilling1796243926062';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "billing_version" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "overage_billed" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "overage_billed"`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "billing_version"`);
  }
}
