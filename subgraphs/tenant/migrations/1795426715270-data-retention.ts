import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DataRetention1795426715270 implements MigrationInterface {
  name = 'DataRetention1795426715270';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "data_retention_days" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "data_retention_days"`);
  }
}
