import type { QueryRunner } from 'typeorm';

export const CURRENT_TENANT_SQL = `NULLIF(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Row-level security for a tenant-scoped table: reads see, and writes may create, only rows of the
 * tenant the transaction set. FORCE makes it bind the table owner too. For migrations.
 */
export async function isolateByTenant(
  queryRunner: QueryRunner,
  table: string,
  tenantColumn = 'tenant_id',
): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY tenant_isolation ON ${table} USING (${tenantColumn} = ${CURRENT_TENANT_SQL}) WITH CHECK (${tenantColumn} = ${CURRENT_TENANT_SQL})`,
  );
}
