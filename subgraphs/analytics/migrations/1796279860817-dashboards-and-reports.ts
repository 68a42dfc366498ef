import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class DashboardsAndReports1796279860817 implements MigrationInterface {
  name = 'DashboardsAndReports1796279860817';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."dashboards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "name" text NOT NULL, "shared" boolean NOT NULL DEFAULT false, "widgets" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1b4b4bc346118e0d335f16c5344" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "dashboards_tenant_owner_idx" ON "analytics"."dashboards"  ("tenant_id", "owner_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_by" uuid, "name" text NOT NULL, "metrics" jsonb NOT NULL, "store_id" uuid, "range" jsonb NOT NULL, "granularity" text NOT NULL, "time_zone" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9013193989303580053c0b5ef6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics"."report_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "report_id" uuid NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "body" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d1284a8b0509229ef08ce8c4105" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "report_files_expires_idx" ON "analytics"."report_files"  ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "analytics"."report_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "report_id" uuid NOT NULL, "cron" text NOT NULL, "time_zone" text NOT NULL, "recipients" jsonb NOT NULL, "format" text NOT NULL, "paused" boolean NOT NULL DEFAULT false, "next_run_at" TIMESTAMP WITH TIME ZONE, "last_run_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_603f9cdaaf4c1193d7399c1e79c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_schedules_due_idx" ON "analytics"."report_schedules"  ("next_run_at") `,
    );
    for (const table of ['dashboards', 'reports', 'report_files', 'report_schedules']) {
      await isolateByTenant(queryRunner, `"analytics"."${table}"`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "analytics"."report_schedules_due_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."report_schedules"`);
    await queryRunner.query(`DROP INDEX "analytics"."report_files_expires_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."report_files"`);
    await queryRunner.query(`DROP TABLE "analytics"."reports"`);
    await queryRunner.query(`DROP INDEX "analytics"."dashboards_tenant_owner_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."dashboards"`);
  }
}
