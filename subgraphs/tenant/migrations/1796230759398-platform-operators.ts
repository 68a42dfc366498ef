import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformOperators1796230759398 implements MigrationInterface {
  name = 'PlatformOperators1796230759398';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."users" ADD "platform_operator" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tenant"."refresh_tokens" ALTER COLUMN "tenant_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "tenant"."memberships" ADD CONSTRAINT "memberships_tenant_roles_only" CHECK ("role" <> 'SUPERADMIN')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant"."memberships" DROP CONSTRAINT "memberships_tenant_roles_only"`);
    await queryRunner.query(`ALTER TABLE "tenant"."refresh_tokens" ALTER COLUMN "tenant_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" DROP COLUMN "platform_operator"`);
  }
}
