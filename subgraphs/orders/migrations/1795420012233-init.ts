import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../../common/events/outbox.ts';
import { createIdempotencyTable, dropIdempotencyTable } from '../../../common/database/idempotency.ts';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class Init1795420012233 implements MigrationInterface {
  name = 'Init1795420012233';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "orders"."stores" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "timezone" text NOT NULL, "currency" character(3) NOT NULL, "city" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7aa6e7d71fa7acdd7ca43d7c9cb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stores_tenant_created_idx" ON "orders"."stores"  ("tenant_id", "created_at") `,
    );
    await isolateByTenant(queryRunner, '"orders"."stores"');
    await createIdempotencyTable(queryRunner, 'orders');
    await createEventTables(queryRunner, 'orders');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropEventTables(queryRunner, 'orders');
    await dropIdempotencyTable(queryRunner, 'orders');
    await queryRunner.query(`DROP INDEX "orders"."stores_tenant_created_idx"`);
    await queryRunner.query(`DROP TABLE "orders"."stores"`);
  }
}
