import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class SsoConnections1795425317203 implements MigrationInterface {
  name = 'SsoConnections1795425317203';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenant"."sso_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "issuer" text NOT NULL, "jwks_url" text NOT NULL, "audience" text NOT NULL, "role_claim" text NOT NULL, "role_mapping" jsonb NOT NULL, "default_role" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c2e71f5ff7e48ebcbf954310755" UNIQUE ("issuer"), CONSTRAINT "PK_e805b051afd9f0dc0349b064cf4" PRIMARY KEY ("id"))`,
    );
    await isolateByTenant(queryRunner, '"tenant"."sso_connections"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tenant"."sso_connections"`);
  }
}
