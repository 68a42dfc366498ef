import { describe, expect, it } from 'vitest';
import { DEMO_TENANTS, demoCustomers } from '../../common/demo.ts';
import { taxTotals } from '../../common/money/tax.ts';
import { demoHistory, sellableItems, type History } from './demo-history.ts';
import { demoCatalogue, demoStore } from './demo-menu.ts';
import { isOpenAt } from './opening-hours.ts';
import type { Store } from './store.entity.ts';
import { addDays, dayOfWeek, localDate } from '../../common/time/zoned-time.ts';

const tenant = DEMO_TENANTS[0]!;
const catalogue = demoCatalogue(tenant);
const TODAY = '2026-12-01';
const DAYS = 28;

function historyOf(storeIndex: number, days = DAYS): { store: Store; history: History } {
  const store: Store = { ...demoStore(tenant, tenant.stores[storeIndex]!), createdAt: new Date('2026-01-01') };
  const history = demoHistory({
    store,
    items: sellableItems(store, catalogue, catalogue),
    customers: demoCustomers(tenant),
    storeIndex,
    storeCount: tenant.stores.length,
    today: TODAY,
    days,
  });
  return { store, history };
}

const seattle = historyOf(0);
const london = historyOf(1);
const tokyo = historyOf(2);
const localHour = (store: Store, instant: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: store.timezone, hour: '2-digit', hourCycle: 'h23' }).format(instant),
  );
const isWeekend = (store: Store, instant: Date) => dayOfWeek(localDate(instant, store.timezone)) >= 6;

describe('the demo order history', () => {
  it('is the same every time it is made from the same store, menu and dates', () => {
    const again = historyOf(0).history;
    expect(again.orders.map((order) => [order.id, order.total, order.placedAt.getTime()])).toEqual(
      seattle.history.orders.map((order) => [order.id, order.total, order.placedAt.getTime()]),
    );
    expect(again.events.map((event) => event.id)).toEqual(seattle.history.events.map((event) => event.id));
  });

  it('has orders on every day before today, all placed while the store was open', () => {
    for (const { store, history } of [seattle, london, tokyo]) {
      const dates = new Set(history.orders.map((order) => localDate(order.placedAt, store.timezone)));
      expect(dates).toEqual(new Set(Array.from({ length: DAYS }, (_, day) => addDays(TODAY, day - DAYS))));
      for (const order of history.orders)
        expect(isOpenAt(store.openingHours, store.timezone, order.placedAt)).toBe(true);
    }
  });

  it('peaks in the morning and again at lunch on weekdays', () => {
    const byHour = new Map<number, number>();
    for (const order of seattle.history.orders.filter((candidate) => !isWeekend(seattle.store, candidate.placedAt))) {
      const hour = localHour(seattle.store, order.placedAt);
      byHour.set(hour, (byHour.get(hour) ?? 0) + 1);
    }
    const at = (hour: number) => byHour.get(hour) ?? 0;
    expect(at(8)).toBeGreaterThan(at(11) * 2);
    expect(at(8)).toBe(Math.max(...byHour.values()));
    expect(at(12)).toBeGreaterThan(at(11));
    expect(at(12)).toBeGreaterThan(at(15));
  });

  it('is quieter at the weekend downtown in Seattle and busier in Shoreditch', () => {
    const perDay = ({ store, history }: typeof seattle, weekend: boolean) => {
      const orders = history.orders.filter((order) => isWeekend(store, order.placedAt) === weekend);
      return orders.length / (weekend ? 8 : 20);
    };
    expect(perDay(seattle, true)).toBeLessThan(perDay(seattle, false) * 0.75);
    expect(perDay(london, true)).toBeGreaterThan(perDay(london, false));
  });

  it('has regulars who come back and newcomers who first order weeks in', () => {
    const { history } = historyOf(0, 90);
    const visits = new Map<string, Date[]>();
    for (const order of history.orders) {
      if (order.customerId) visits.set(order.customerId, [...(visits.get(order.customerId) ?? []), order.placedAt]);
    }
    const counts = [...visits.values()].map((dates) => dates.length);
    expect(counts.filter((count) => count >= 20).length).toBeGreaterThan(5);
    expect(counts.filter((count) => count <= 3).length).toBeGreaterThan(5);
    const firstDay = history.orders[0]!.placedAt.getTime();
    const newcomers = [...visits.values()].filter((dates) => dates[0]!.getTime() > firstDay + 30 * 86_400_000);
    expect(newcomers.length).toBeGreaterThan(5);
    expect(history.orders.some((order) => order.customerId === null)).toBe(true);
  });

  it('prices every order with the store prices and its tax, added in Seattle and included in Tokyo', () => {
    for (const { store, history } of [seattle, tokyo]) {
      const lines = groupLines(history);
      for (const order of history.orders.slice(0, 500)) {
        const subtotal = lines.get(order.id)!.reduce((sum, line) => sum + line.total, 0);
        expect({ subtotal: order.subtotal, tax: order.tax, total: order.total }).toEqual(
          taxTotals(subtotal, store.taxRateBasisPoints, store.pricesIncludeTax),
        );
        expect(order.currency).toBe(store.currency);
      }
    }
    const order = seattle.history.orders[0]!;
    expect(order.total).toBe(order.subtotal + order.tax);
    expect(tokyo.history.orders[0]!.total).toBe(tokyo.history.orders[0]!.subtotal);
  });

  it('cancels a few orders and completes the rest before today, with an event for every step in order', () => {
    const { orders, events } = tokyo.history;
    const cancelled = orders.filter((order) => order.status === 'CANCELLED');
    expect(cancelled.length / orders.length).toBeGreaterThan(0.005);
    expect(cancelled.length / orders.length).toBeLessThan(0.03);
    for (const order of cancelled)
      expect(order).toMatchObject({ completedAt: null, cancellationReason: expect.any(String) });
    const steps = new Map<string, string[]>();
    for (const event of events) {
      const payload = event.payload as { orderId: string; to?: string };
      steps.set(payload.orderId, [...(steps.get(payload.orderId) ?? []), payload.to ?? event.type]);
    }
    const completed = orders.find((order) => order.status === 'COMPLETED')!;
    expect(steps.get(completed.id)).toEqual(['OrderPlaced', 'ACCEPTED', 'PREPARING', 'READY', 'COMPLETED']);
    expect(steps.get(cancelled[0]!.id)!.at(-1)).toBe('CANCELLED');
    expect(completed.placedAt < completed.acceptedAt! && completed.readyAt! < completed.completedAt!).toBe(true);
    const lastEvent = Math.max(...orders.map((order) => (order.completedAt ?? order.cancelledAt!).getTime()));
    expect(lastEvent).toBeLessThan(Date.parse(`${TODAY}T00:00:00+09:00`));
  });
});

function groupLines(history: History) {
  const lines = new Map<string, History['lines']>();
  for (const line of history.lines) lines.set(line.orderId, [...(lines.get(line.orderId) ?? []), line]);
  return lines;
}
