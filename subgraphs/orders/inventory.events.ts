import { createDomainEvent } from '../../common/events/domain-event.ts';

export const INVENTORY_LOW = 'InventoryLow';

/** An ingredient at a store fell to or below its low-stock threshold. */
export interface InventoryLowPayload {
  storeId: string;
  ingredientId: string;
  ingredientName: string;
  quantity: number;
  threshold: number;
}

export const inventoryLow = (tenantId: string, payload: InventoryLowPayload) =>
  createDomainEvent<InventoryLowPayload>({
    type: INVENTORY_LOW,
    source: 'orders',
    tenantId,
    aggregateId: `${payload.storeId}:${payload.ingredientId}`,
    payload,
  });
