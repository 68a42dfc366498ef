import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../../../common/database/database.ts';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class AuditEvents1795424643216 implements MigrationInterface {
  name = 'AuditEvents1795424643216';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenant"."audit_events" ("id" uuid NOT NULL, "tenant_id" uuid, "subgraph" text NOT NULL, "operation" text NOT NULL, "actor_kind" text NOT NULL, "actor_id" uuid, "target_ids" text array NOT NULL, "outcome" text NOT NULL, "client_ip" text, "request_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_tenant_time_idx" ON "tenant"."audit_events"  ("tenant_id", "occurred_at") `,
    );
    await isolateByTenant(queryRunner, '"tenant"."audit_events"');
    // Append-only for the application: what happened cannot be edited away.
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "tenant"."audit_events" FROM ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "tenant"."audit_events_tenant_time_idx"`);
    await queryRunner.query(`DROP TABLE "tenant"."audit_events"`);
  }
}
