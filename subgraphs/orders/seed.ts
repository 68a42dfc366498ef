import { DEMO_TENANTS } from '../../common/demo.ts';
import type { Database } from '../../common/database/database.ts';
import { StoreEntity } from './store.entity.ts';

export async function seedOrdersDemo(database: Database): Promise<void> {
  for (const tenant of DEMO_TENANTS) {
    await database.transaction(tenant.id, async (manager) => {
      const stores = manager.getRepository(StoreEntity);
      for (const store of tenant.stores) {
        if (await stores.existsBy({ id: store.id })) continue;
        await stores.insert({ ...store, tenantId: tenant.id });
      }
    });
  }
}
