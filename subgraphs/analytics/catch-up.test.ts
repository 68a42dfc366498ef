import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../common/database/database.ts';
import { createDomainEvent } from '../../common/events/domain-event.ts';
import type { EventPage, EventSource } from '../../common/events/outbox-feed.ts';
import { createCatchUp } from './catch-up.ts';
import type { KpiNotifier } from './kpi-notifier.ts';

/** No cursor saved yet: analytics has read nothing of any source. */
const freshDatabase = {
  system: (work: (manager: unknown) => Promise<unknown>) =>
    work({ getRepository: () => ({ findOneBy: async () => null }) }),
} as unknown as Database;

const notifier: KpiNotifier = { changed: () => {} };

/** A source whose first page arrives only when released (empty, then); `asked` settles when it is asked for. */
function heldSource(name: string) {
  let [release, wasAsked] = [() => {}, () => {}];
  const released = new Promise<void>((resolve) => (release = resolve));
  const asked = new Promise<void>((resolve) => (wasAsked = resolve));
  const source: EventSource = {
    name,
    page: async (): Promise<EventPage> => {
      wasAsked();
      await released;
      return { events: [], next: null };
    },
  };
  return { source, release, asked };
}

const eventOf = (source: string) =>
  createDomainEvent({ type: 'OrderPlaced', source, tenantId: crypto.randomUUID(), aggregateId: 'order', payload: {} });

describe('the catch-up', () => {
  it('leaves to a run under way the events of every source it will read, not only the one it reads now', async () => {
    const [tenant, orders] = [heldSource('tenant'), heldSource('orders')];
    const catchUp = createCatchUp(freshDatabase, [tenant.source, orders.source], notifier, pino({ level: 'silent' }));
    expect(catchUp.willRead(eventOf('orders'))).toBe(false);

    const running = catchUp.run();
    // The run is held on its first source; the second's events come after its (empty) position.
    await tenant.asked;
    expect(catchUp.willRead(eventOf('orders'))).toBe(true);
    expect(catchUp.willRead(eventOf('tenant'))).toBe(true);
    expect(catchUp.willRead(eventOf('payments'))).toBe(false);
    tenant.release();
    orders.release();
    await running;
    await catchUp.run();
  });
});
