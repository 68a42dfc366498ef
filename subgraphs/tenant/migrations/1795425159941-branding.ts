import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Branding1795425159941 implements MigrationInterface {
  name = 'Branding1795425159941';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "display_name" text`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "logo_url" text`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "primary_color" text`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "accent_color" text`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" ADD "custom_domain" text`);
    await queryRunner.query(
      `ALTER TABLE "tenant"."tenants" ADD CONSTRAINT "UQ_c985fa3986f7383dff567479e5d" UNIQUE ("custom_domain")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP CONSTRAINT "UQ_c985fa3986f7383dff567479e5d"`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "custom_domain"`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "accent_color"`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "primary_color"`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "logo_url"`);
    await queryRunner.query(`ALTER TABLE "tenant"."tenants" DROP COLUMN "display_name"`);
  }
}
