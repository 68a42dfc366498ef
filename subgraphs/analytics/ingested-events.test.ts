import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDomainEvent } from '../../common/events/domain-event.ts';
import { ingest } from './ingested-events.ts';

const paymentEvent = (payload: Record<string, unknown>) =>
  createDomainEvent({
    type: 'PaymentSucceeded',
    source: 'payments',
    tenantId: randomUUID(),
    aggregateId: randomUUID(),
    payload,
  });

const complete = { orderId: randomUUID(), paymentId: randomUUID(), provider: 'STRIPE', amount: 990, currency: 'USD' };

describe('reading payments events', () => {
  it('learns a payment from what payments sends', () => {
    expect(ingest(paymentEvent(complete))).toMatchObject({
      kind: 'payment',
      payment: { ...complete, method: null },
    });
  });

  it('skips an event that lacks what payments always sends, rather than failing its whole batch', () => {
    const { paymentId: _, ...withoutPayment } = complete;
    expect(ingest(paymentEvent(withoutPayment))).toBeNull();
    expect(ingest(paymentEvent({ ...complete, amount: 9.9 }))).toBeNull();
  });
});

describe('reading tenant events', () => {
  const tenantEvent = (type: string, payload: Record<string, unknown>) =>
    createDomainEvent({ type, source: 'tenant', tenantId: randomUUID(), aggregateId: randomUUID(), payload });

  it("learns the zone a tenant chose, and when; one that names none or no real zone is UTC's", () => {
    const changed = tenantEvent('TenantTimeZoneChanged', { timeZone: 'Asia/Tokyo' });
    expect(ingest(changed)).toMatchObject({ kind: 'tenant', zone: { timeZone: 'Asia/Tokyo', at: changed.occurredAt } });
    expect(ingest(tenantEvent('TenantCreated', { slug: 'old-roasters' }))).toMatchObject({ zone: { timeZone: 'UTC' } });
    expect(ingest(tenantEvent('TenantTimeZoneChanged', { timeZone: 'Mars/Olympus_Mons' }))).toMatchObject({
      zone: { timeZone: 'UTC' },
    });
  });
});
