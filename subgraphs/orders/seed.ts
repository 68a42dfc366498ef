import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { DEMO_TENANTS, demoCustomers, type DemoTenant } from '../../common/demo.ts';
import type { Database } from '../../common/database/database.ts';
import { bulkInsert } from '../../common/database/bulk-insert.ts';
import { OutboxEventEntity, recordEvents } from '../../common/events/outbox.ts';
import { storeCreated } from './store.events.ts';
import { demoHistory, sellableItems, type MenuRows } from './demo-history.ts';
import { demoCatalogue, demoStore, type DemoCatalogue } from './demo-menu.ts';
import { MenuCategoryEntity } from './menu-category.entity.ts';
import { ModifierGroupEntity, ModifierOptionEntity } from './modifier-group.entity.ts';
import { OrderEntity, OrderLineEntity } from './order.entity.ts';
import { ProductEntity, ProductVariantEntity } from './product.entity.ts';
import { StoreProductEntity } from './store-product.entity.ts';
import { StoreEntity } from './store.entity.ts';
import { localDate } from '../../common/time/zoned-time.ts';

export interface SeedOptions {
  /** Days of order history for the demo tenant's stores; 0 seeds none. */
  historyDays: number;
  logger: Logger;
}

/**
 * The demo tenants' stores, menus and order history, each added only when missing, so it runs on
 * every start and a second run changes nothing.
 */
export async function seedOrdersDemo(database: Database, options: SeedOptions): Promise<void> {
  let seededHistory = false;
  for (const tenant of DEMO_TENANTS) {
    const catalogue = demoCatalogue(tenant);
    await database.transaction(tenant.id, async (manager) => {
      await seedStores(manager, tenant);
      await seedCatalogue(manager, catalogue);
    });
    if (options.historyDays === 0) continue;
    for (const [storeIndex, { id }] of tenant.stores.entries()) {
      const seeded = await database.transaction(tenant.id, (manager) =>
        seedHistory(manager, { tenant, catalogue, storeId: id, storeIndex, ...options }),
      );
      seededHistory ||= seeded;
    }
  }
  if (seededHistory) {
    // Fresh statistics after a bulk load, or the planner takes the tables for empty (and the outbox
    // relay would sort every pending event for each batch it claims).
    const tables = [OrderEntity, OrderLineEntity, OutboxEventEntity].map(
      (entity) => database.dataSource.getMetadata(entity).tablePath,
    );
    await database.system((manager) => manager.query(`ANALYZE ${tables.join(', ')}`));
  }
}

/** A store's past orders with their lines and events, unless it has orders already. */
async function seedHistory(
  manager: EntityManager,
  context: SeedOptions & { tenant: DemoTenant; catalogue: DemoCatalogue; storeId: string; storeIndex: number },
): Promise<boolean> {
  const customers = demoCustomers(context.tenant);
  if (customers.length === 0 || (await manager.getRepository(OrderEntity).existsBy({ storeId: context.storeId }))) {
    return false;
  }
  const store = await manager.getRepository(StoreEntity).findOneByOrFail({ id: context.storeId });
  const history = demoHistory({
    store,
    items: sellableItems(store, await menuRows(manager), context.catalogue),
    customers,
    storeIndex: context.storeIndex,
    storeCount: context.tenant.stores.length,
    today: localDate(new Date(), store.timezone),
    days: context.historyDays,
  });
  await bulkInsert(manager, OrderEntity, history.orders);
  await bulkInsert(manager, OrderLineEntity, history.lines);
  await recordEvents(manager, history.events);
  context.logger.info(
    { store: store.name, days: context.historyDays, orders: history.orders.length, events: history.events.length },
    'seeded demo order history',
  );
  return true;
}

async function seedStores(manager: EntityManager, tenant: DemoTenant): Promise<void> {
  const stores = manager.getRepository(StoreEntity);
  for (const store of tenant.stores) {
    if (await stores.existsBy({ id: store.id })) continue;
    const row = demoStore(tenant, store);
    await stores.insert(row);
    await recordEvents(manager, [storeCreated(row)]);
  }
}

async function seedCatalogue(manager: EntityManager, catalogue: DemoCatalogue): Promise<void> {
  if (await manager.getRepository(MenuCategoryEntity).existsBy({ id: catalogue.categories[0]!.id })) return;
  await manager.getRepository(MenuCategoryEntity).insert(catalogue.categories);
  await manager.getRepository(ModifierGroupEntity).insert(catalogue.groups);
  await manager.getRepository(ModifierOptionEntity).insert(catalogue.options);
  await manager.getRepository(ProductEntity).insert(catalogue.products);
  await manager.getRepository(ProductVariantEntity).insert(catalogue.variants);
  if (catalogue.storeProducts.length > 0) {
    await manager.getRepository(StoreProductEntity).insert(catalogue.storeProducts);
  }
}

async function menuRows(manager: EntityManager): Promise<MenuRows> {
  return {
    products: await manager.getRepository(ProductEntity).find({ order: { position: 'ASC', id: 'ASC' } }),
    variants: await manager.getRepository(ProductVariantEntity).find(),
    groups: await manager.getRepository(ModifierGroupEntity).find(),
    options: await manager.getRepository(ModifierOptionEntity).find(),
    storeProducts: await manager.getRepository(StoreProductEntity).find(),
  };
}
