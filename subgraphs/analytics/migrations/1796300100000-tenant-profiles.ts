import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

/** Each tenant's own time zone, which its every-store daily rows are dated in (UTC until it is known). */
export class TenantProfiles1796300100000 implements MigrationInterface {
  name = 'TenantProfiles1796300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."tenants" ("tenant_id" uuid NOT NULL, "timezone" text NOT NULL, "zone_set_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_analytics_tenants" PRIMARY KEY ("tenant_id"))`,
    );
    await isolateByTenant(queryRunner, '"analytics"."tenants"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "analytics"."tenants"`);
  }
}
