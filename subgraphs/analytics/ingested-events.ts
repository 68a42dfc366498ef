import type { DomainEvent } from '../../common/events/domain-event.ts';
import { isTimeZone } from '../../common/time/zoned-time.ts';
import { DEFAULT_TENANT_ZONE } from './tenant-zones.ts';

/** What OrderPlaced tells analytics (orders' payload, in part). */
export interface PlacedOrder {
  orderId: string;
  storeId: string;
  customerId: string | null;
  currency: string;
  lines: { productId: string; productName: string; quantity: number; total: number }[];
  itemCount: number;
  total: number;
  placedAt: string;
}

export type Milestone = 'completed_at' | 'paid_at' | 'cancelled_at';

export interface MilestoneReport {
  orderId: string;
  storeId: string;
  customerId: string | null;
  at: string;
}

interface StoreCreatedPayload {
  storeId: string;
  timezone: string;
  currency: string;
}

/** The zone a tenant chose (TenantCreated, TenantTimeZoneChanged) and when. */
export interface TenantZone {
  timeZone: string;
  at: string;
}

/** What PaymentSucceeded and PaymentRefunded tell analytics (payments' payload, in part). */
interface PaymentPayload {
  orderId: string;
  paymentId: string;
  provider: string;
  method?: string | null;
  amount: number;
  currency: string;
  refundedAmount?: number;
}

export interface PaymentReport {
  paymentId: string;
  orderId: string;
  provider: string;
  method: string | null;
  currency: string;
  amount: number;
  at: string;
}

/** One tenant's event sorted by what it changes here. */
export type Ingested =
  | { kind: 'tenant'; tenantId: string; zone: TenantZone }
  | { kind: 'store'; tenantId: string; store: StoreCreatedPayload }
  | { kind: 'placed'; tenantId: string; order: PlacedOrder }
  | { kind: 'milestone'; tenantId: string; which: Milestone; report: MilestoneReport }
  | { kind: 'payment'; tenantId: string; payment: PaymentReport }
  | { kind: 'refund'; tenantId: string; eventId: string; refund: PaymentReport };

type Reader = (event: DomainEvent, tenantId: string) => Ingested | null;

const milestone = (event: DomainEvent, tenantId: string, which: Milestone, at: string): Ingested => {
  const { orderId, storeId, customerId } = event.payload as Omit<MilestoneReport, 'at'>;
  return { kind: 'milestone', tenantId, which, report: { orderId, storeId, customerId: customerId ?? null, at } };
};

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** What a payment event reports; null when its payload lacks what payments always sends (nothing to learn). */
const paymentReport = (event: DomainEvent, amount: (payload: PaymentPayload) => number): PaymentReport | null => {
  const payload = event.payload as PaymentPayload;
  const value = amount(payload);
  const { paymentId, orderId, provider, currency } = payload;
  if (![paymentId, orderId, provider, currency].every(isText) || !Number.isSafeInteger(value)) return null;
  return {
    paymentId,
    orderId,
    provider,
    method: payload.method ?? null,
    currency,
    amount: value,
    at: event.occurredAt,
  };
};

/**
 * The zone a tenant event names; a tenant created before tenants had zones is in the default one. A
 * name no zone goes by (never sent by the tenant subgraph) would fail every statement dating its days.
 */
const tenantZone: Reader = (event, tenantId) => {
  const { timeZone } = event.payload as { timeZone?: unknown };
  const known = isText(timeZone) && isTimeZone(timeZone);
  return { kind: 'tenant', tenantId, zone: { timeZone: known ? timeZone : DEFAULT_TENANT_ZONE, at: event.occurredAt } };
};

/** The events analytics learns from, by source and type; every other event changes nothing here. */
const READERS: Record<string, Record<string, Reader>> = {
  tenant: {
    TenantCreated: tenantZone,
    TenantTimeZoneChanged: tenantZone,
  },
  orders: {
    StoreCreated: (event, tenantId) => ({ kind: 'store', tenantId, store: event.payload as StoreCreatedPayload }),
    OrderPlaced: (event, tenantId) => ({ kind: 'placed', tenantId, order: event.payload as PlacedOrder }),
    OrderStatusChanged: (event, tenantId) => {
      const { to, at } = event.payload as { to: string; at: string };
      if (to === 'COMPLETED') return milestone(event, tenantId, 'completed_at', at);
      if (to === 'CANCELLED') return milestone(event, tenantId, 'cancelled_at', at);
      return null;
    },
    OrderCancelled: (event, tenantId) =>
      milestone(event, tenantId, 'cancelled_at', (event.payload as { at: string }).at),
    OrderPaid: (event, tenantId) => milestone(event, tenantId, 'paid_at', (event.payload as { paidAt: string }).paidAt),
  },
  payments: {
    PaymentSucceeded: (event, tenantId) => {
      const payment = paymentReport(event, (payload) => payload.amount);
      return payment && { kind: 'payment', tenantId, payment };
    },
    PaymentRefunded: (event, tenantId) => {
      const refund = paymentReport(event, (payload) => payload.refundedAmount ?? 0);
      return refund && { kind: 'refund', tenantId, eventId: event.id, refund };
    },
  },
};

/** Whether analytics learns anything from the event. */
export const isIngested = (event: DomainEvent): boolean =>
  Boolean(event.tenantId && READERS[event.source]?.[event.type]);

export function ingest(event: DomainEvent): Ingested | null {
  const read = READERS[event.source]?.[event.type];
  return read && event.tenantId ? read(event, event.tenantId) : null;
}
