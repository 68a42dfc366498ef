/**
 * Pub/sub topics the orders subgraph's subscriptions listen on. Only the live-updates consumer
 * publishes to them, from committed events, so a subscriber never sees a change that rolled back.
 * Messages carry ids only; each subscriber reads the row under its own tenant's row-level security.
 */
export const orderTopic = (orderId: string) => `orders.order.${orderId}`;
export const storeOrdersTopic = (storeId: string) => `orders.store.${storeId}`;
export const lowStockTopic = (storeId: string) => `orders.low-stock.${storeId}`;

export interface OrderChangedMessage {
  tenantId: string;
  orderId: string;
}

export interface LowStockMessage {
  tenantId: string;
  storeId: string;
  ingredientId: string;
}
