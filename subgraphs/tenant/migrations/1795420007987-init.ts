import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../../common/events/outbox.ts';
import { CURRENT_TENANT_SQL, isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class Init1795420007987 implements MigrationInterface {
  name = 'Init1795420007987';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenant"."tenants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "name" text NOT NULL, "status" text NOT NULL, "tier" text NOT NULL, "trial_ends_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2310ecc5cb8be427097154b18fc" UNIQUE ("slug"), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tenant"."users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "password_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tenant"."memberships" ("tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7496a942c4958ee034f803461e8" PRIMARY KEY ("tenant_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "memberships_user_idx" ON "tenant"."memberships"  ("user_id") `);
    await isolateByTenant(queryRunner, '"tenant"."tenants"', 'id');
    await isolateByTenant(queryRunner, '"tenant"."memberships"');
    // A user is visible to a tenant through a membership there.
    await queryRunner.query(`ALTER TABLE "tenant"."users" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "tenant"."users" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY tenant_isolation ON "tenant"."users" USING (EXISTS (SELECT 1 FROM "tenant"."memberships" m WHERE m.user_id = users.id AND m.tenant_id = ${CURRENT_TENANT_SQL}))`,
    );
    await createEventTables(queryRunner, 'tenant');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropEventTables(queryRunner, 'tenant');
    await queryRunner.query(`DROP INDEX "tenant"."memberships_user_idx"`);
    await queryRunner.query(`DROP TABLE "tenant"."memberships"`);
    await queryRunner.query(`DROP TABLE "tenant"."users"`);
    await queryRunner.query(`DROP TABLE "tenant"."tenants"`);
  }
}
