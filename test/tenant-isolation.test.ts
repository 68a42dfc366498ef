import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANTS } from '../common/demo.ts';
import { StoreEntity } from '../subgraphs/orders/store.entity.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const orders = () => subgraphDatabase(platform, 'orders');

describe('row-level security', () => {
  it('shows a tenant only its own rows', async () => {
    const stores = await orders().transaction(demo.id, (manager) => manager.getRepository(StoreEntity).find());
    expect(stores.map((store) => store.id).sort()).toEqual(demo.stores.map((store) => store.id).sort());
  });

  it('shows nothing when no tenant is set', async () => {
    expect(await orders().transaction(null, (manager) => manager.getRepository(StoreEntity).count())).toBe(0);
  });

  it("refuses to write a row into another tenant's data", async () => {
    const write = orders().transaction(demo.id, (manager) =>
      manager
        .getRepository(StoreEntity)
        .insert({ tenantId: rival.id, name: 'Smuggled', timezone: 'UTC', currency: 'EUR', city: null }),
    );
    await expect(write).rejects.toThrow(/row-level security/);
    const rivalStores = await orders().transaction(rival.id, (manager) => manager.getRepository(StoreEntity).find());
    expect(rivalStores.map((store) => store.name)).not.toContain('Smuggled');
  });

  it("cannot reach another tenant's row by its id", async () => {
    const peek = await orders().transaction(demo.id, (manager) =>
      manager.getRepository(StoreEntity).findOneBy({ id: rival.stores[0]!.id }),
    );
    expect(peek).toBeNull();
  });

  it('guards every table that has a tenant column, in every subgraph schema', async () => {
    for (const subgraph of platform.subgraphs) {
      const tables: { table: string; forced: boolean; enabled: boolean; policies: number }[] =
        await subgraph.database.system((manager) =>
          manager.query(
            `SELECT c.relname AS "table", c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                    (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relkind = 'r'
                AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)`,
            [subgraph.database.schema],
          ),
        );
      expect(tables.length, subgraph.name).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table, `${subgraph.name}.${table.table}`).toMatchObject({ enabled: true, forced: true });
        expect(table.policies, `${subgraph.name}.${table.table}`).toBeGreaterThan(0);
      }
    }
  });
});
