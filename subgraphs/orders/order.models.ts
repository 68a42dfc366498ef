import type { OrderLine, OrderLineModifier, Order } from './order.entity.ts';
import type { PricedLine } from './quote.service.ts';
import type { Store } from './store.entity.ts';

/** Amounts below an order carry no currency of their own: it is handed down from the order. */
export type InCurrency<T> = T & { currency: string };

export type OrderLineModel = InCurrency<OrderLine>;
export type OrderLineModifierModel = InCurrency<OrderLineModifier>;
export type QuotedLineModel = InCurrency<PricedLine>;

export interface KitchenQueueModel {
  store: Store;
  orders: Order[];
  medianPrepSeconds: number | null;
}

export const inCurrency = <T extends object>(items: T[], currency: string): InCurrency<T>[] =>
  items.map((item) => ({ ...item, currency }));

/** A person of the tenant subgraph, as far as orders knows them. */
export interface UserReference {
  id: string;
}
