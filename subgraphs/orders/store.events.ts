import { createDomainEvent } from '../../common/events/domain-event.ts';
import type { Store } from './store.entity.ts';

export interface StoreCreatedPayload {
  storeId: string;
  name: string;
  timezone: string;
  currency: string;
}

export const storeCreated = (store: Pick<Store, 'id' | 'tenantId' | 'name' | 'timezone' | 'currency'>) =>
  createDomainEvent<StoreCreatedPayload>({
    type: 'StoreCreated',
    source: 'orders',
    tenantId: store.tenantId,
    aggregateId: store.id,
    payload: { storeId: store.id, name: store.name, timezone: store.timezone, currency: store.currency },
  });
