import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class UsageCounters1795425628520 implements MigrationInterface {
  name = 'UsageCounters1795425628520';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenant"."usage_counters" ("tenant_id" uuid NOT NULL, "period" text NOT NULL, "metric" text NOT NULL, "used" bigint NOT NULL, CONSTRAINT "PK_0955bd4c09153d6c8da1d2536ec" PRIMARY KEY ("tenant_id", "period", "metric"))`,
    );
    await isolateByTenant(queryRunner, '"tenant"."usage_counters"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tenant"."usage_counters"`);
  }
}
