import type { DomainEvent } from '../../common/events/domain-event.ts';
import { seededRandom, type SeededRandom } from '../../common/seeded-random.ts';
import { taxTotals } from '../../common/money/tax.ts';
import type { DemoCatalogue, DemoGroupHabit, DemoProductTraits } from './demo-menu.ts';
import type { ModifierGroup, ModifierOption } from './modifier-group.entity.ts';
import type { Order, OrderLine, OrderStatus } from './order.entity.ts';
import { orderPlaced, orderStatusChanged } from './order.events.ts';
import { lineTotal, modifierPrice, storePrice } from './pricing.ts';
import type { Product, ProductVariant } from './product.entity.ts';
import type { StoreProduct } from './store-product.entity.ts';
import type { Store } from './store.entity.ts';
import { addDays, dayOfWeek, zonedInstant } from '../../common/time/zoned-time.ts';

/**
 * Past orders of a demo store, generated so that analytics and forecasts have something true to
 * find: a morning peak and a lunch bump, weekends with their own shape and volume, slow growth,
 * regulars, occasional customers, newcomers and a few who stop coming, and a few cancellations.
 * The same store, dates and menu give the same orders, on every machine.
 */

/** One product as the store sells it, with only the variants it has a price for. */
export interface HistoryItem {
  product: Product;
  variants: { variant: ProductVariant; price: number }[];
  groups: { group: ModifierGroup; options: ModifierOption[]; habit: DemoGroupHabit }[];
  traits: DemoProductTraits;
}

/** The tenant's menu rows, as stored. */
export interface MenuRows {
  products: Product[];
  variants: ProductVariant[];
  groups: ModifierGroup[];
  options: ModifierOption[];
  storeProducts: StoreProduct[];
}

/**
 * The demo products the store sells now, at its prices (its own, else the menu's in its currency):
 * what the history orders from.
 */
export function sellableItems(store: Store, rows: MenuRows, catalogue: DemoCatalogue): HistoryItem[] {
  const own = new Map(rows.storeProducts.filter((row) => row.storeId === store.id).map((row) => [row.productId, row]));
  return rows.products.flatMap((product) => {
    const traits = catalogue.traits.get(product.id);
    const storeProduct = own.get(product.id) ?? null;
    if (!traits || storeProduct?.available === false) return [];
    const variants = rows.variants
      .filter((variant) => variant.productId === product.id)
      .sort((a, b) => a.position - b.position)
      .flatMap((variant) => {
        const price = storePrice(store, variant, storeProduct);
        return price === null ? [] : [{ variant, price }];
      });
    if (variants.length === 0) return [];
    const groups = product.modifierGroupIds.flatMap((groupId) => {
      const group = rows.groups.find((candidate) => candidate.id === groupId);
      const habit = catalogue.habits.get(groupId);
      if (!group || !habit) return [];
      const options = rows.options
        .filter((option) => option.groupId === groupId)
        .sort((a, b) => a.position - b.position);
      return [{ group, options, habit }];
    });
    return [{ product, variants, groups, traits }];
  });
}

export interface HistoryInput {
  store: Store;
  items: HistoryItem[];
  /** The tenant's customers; each visits one home store and sometimes another. */
  customers: { id: string; index: number }[];
  /** This store's place among the tenant's stores, which decides whose home store it is. */
  storeIndex: number;
  storeCount: number;
  /** The store's local date today: history covers the `days` full days before it. */
  today: string;
  days: number;
}

export interface History {
  orders: Order[];
  lines: OrderLine[];
  events: DomainEvent[];
}

/** How busy a store is: orders on an ordinary weekday, and how the week and the day go. */
interface StoreRhythm {
  weekdayOrders: number;
  /** Weekend volume against a weekday's. */
  weekendFactor: number;
  /** Extra weight on the evening hours (17:00 on). */
  eveningFactor: number;
  /** Extra appetite for a kind of drink here. */
  kindFactors: Partial<Record<DemoProductTraits['kind'], number>>;
}

const RHYTHMS: Record<string, StoreRhythm> = {
  // Downtown Seattle: office workers; quiet weekends.
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f001': {
    weekdayOrders: 55,
    weekendFactor: 0.55,
    eveningFactor: 0.8,
    kindFactors: { filter: 1.5, cold: 1.3 },
  },
  // Shoreditch: commuters in the week, brunch crowds at the weekend.
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f002': {
    weekdayOrders: 45,
    weekendFactor: 1.2,
    eveningFactor: 1,
    kindFactors: { tea: 1.4 },
  },
  // Shibuya: busy all week and into the evening; tea is loved.
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f003': {
    weekdayOrders: 65,
    weekendFactor: 1.3,
    eveningFactor: 1.9,
    kindFactors: { tea: 2.2, cold: 1.2 },
  },
};

const DEFAULT_RHYTHM: StoreRhythm = { weekdayOrders: 50, weekendFactor: 1, eveningFactor: 1, kindFactors: {} };

/** Relative orders per local hour. */
const WEEKDAY_HOURS: Record<number, number> = {
  6: 3,
  7: 10,
  8: 13,
  9: 9,
  10: 6,
  11: 5,
  12: 8,
  13: 7,
  14: 4.5,
  15: 4.5,
  16: 3.5,
  17: 2.5,
  18: 1.6,
  19: 1.2,
  20: 1,
};
const WEEKEND_HOURS: Record<number, number> = {
  7: 2,
  8: 4,
  9: 7,
  10: 9.5,
  11: 9.5,
  12: 8.5,
  13: 7.5,
  14: 6.5,
  15: 5.5,
  16: 4.5,
  17: 3,
  18: 2,
  19: 1.5,
  20: 1.2,
};
const COMMUTE_HOURS: Record<number, number> = { 6: 2, 7: 8, 8: 10, 9: 4 };
/** Monday to Sunday. */
const DAY_FACTORS = [0.92, 0.97, 1, 1.02, 1.08, 1.05, 0.95];
/** Volume grows by this much across the history. */
const GROWTH = 0.12;
const CANCELLATION_RATE = 0.015;
const SLOT_SECONDS = 15 * 60;
/** No order in the last minutes before closing. */
const LAST_ORDER_SECONDS = 10 * 60;

type CustomerKind = 'commuter' | 'regular' | 'occasional' | 'rare';

interface CustomerHabit {
  id: string;
  kind: CustomerKind;
  homeStore: number;
  /** Another store this customer sometimes visits, or null. */
  otherStore: number | null;
  /** First and last day (0 = the first day of the history) they order; null: all along. */
  joinsOn: number | null;
  leavesOn: number | null;
}

/** Chance of an order on a weekday and a weekend day, by kind of customer. */
const VISIT_CHANCE: Record<CustomerKind, [weekday: number, weekend: number]> = {
  commuter: [0.72, 0.08],
  regular: [0.42, 0.45],
  occasional: [0.12, 0.14],
  rare: [0.03, 0.04],
};

function habitOf(customer: { id: string; index: number }, storeCount: number, days: number): CustomerHabit {
  const random = seededRandom(`customer:${customer.id}`);
  const kind = random.weighted<CustomerKind>([
    ['commuter', 15],
    ['regular', 15],
    ['occasional', 40],
    ['rare', 30],
  ]);
  const homeStore = customer.index % storeCount;
  const joinsOn = random.chance(0.45) ? null : random.int(0, days - 1);
  const leavesOn = random.chance(0.12) ? random.int(joinsOn ?? 0, days - 1) : null;
  const otherStore =
    storeCount > 1 && random.chance(0.08) ? (homeStore + random.int(1, storeCount - 1)) % storeCount : null;
  return { id: customer.id, kind, homeStore, otherStore, joinsOn, leavesOn };
}

export function demoHistory(input: HistoryInput): History {
  const { store, days } = input;
  const rhythm = RHYTHMS[store.id] ?? DEFAULT_RHYTHM;
  const habits = input.customers
    .map((customer) => habitOf(customer, input.storeCount, days))
    .filter((habit) => habit.homeStore === input.storeIndex || habit.otherStore === input.storeIndex);
  const history: History = { orders: [], lines: [], events: [] };
  for (let day = 0; day < days; day++) {
    const date = addDays(input.today, day - days);
    generateDay({ input, rhythm, habits, day, date, random: seededRandom(`${store.id}:${date}`), history });
  }
  return history;
}

interface DayContext {
  input: HistoryInput;
  rhythm: StoreRhythm;
  habits: CustomerHabit[];
  day: number;
  date: string;
  random: SeededRandom;
  history: History;
}

function generateDay({ input, rhythm, habits, day, date, random, history }: DayContext): void {
  const { store, days } = input;
  const weekday = dayOfWeek(date);
  const weekend = weekday >= 6;
  const periods = store.openingHours.filter((period) => period.dayOfWeek === weekday);
  if (periods.length === 0 || input.items.length === 0) return;
  const hours = { ...(weekend ? WEEKEND_HOURS : WEEKDAY_HOURS) };
  for (const hour of Object.keys(hours).map(Number)) if (hour >= 17) hours[hour]! *= rhythm.eveningFactor;
  const slots = slotsOf(periods, hours);
  const commuteSlots = slotsOf(periods, COMMUTE_HOURS);
  if (slots.length === 0) return;

  const expected =
    rhythm.weekdayOrders *
    (weekend ? rhythm.weekendFactor : 1) *
    DAY_FACTORS[weekday - 1]! *
    (1 + (GROWTH * day) / days) *
    Math.max(0.6, random.normal(1, 0.08));
  const arrivals: { second: number; customerId: string | null }[] = [];
  for (const habit of habits) {
    const active = (habit.joinsOn ?? 0) <= day && (habit.leavesOn === null || day <= habit.leavesOn);
    const chance = VISIT_CHANCE[habit.kind][weekend ? 1 : 0] * (habit.homeStore === input.storeIndex ? 1 : 0.15);
    if (!active || !random.chance(chance)) continue;
    const commuting = habit.kind === 'commuter' && !weekend && commuteSlots.length > 0;
    arrivals.push({ second: arrivalSecond(random, commuting ? commuteSlots : slots), customerId: habit.id });
  }
  const walkIns = Math.max(0, Math.round(expected) - arrivals.length);
  for (let i = 0; i < walkIns; i++) arrivals.push({ second: arrivalSecond(random, slots), customerId: null });
  arrivals.sort((a, b) => a.second - b.second);

  // Clocks change at night, before any store opens: the day's opening-hours offset holds all day.
  const dayStart = zonedInstant(date, 12 * 3600, store.timezone).getTime() - 12 * 3_600_000;
  const perSlot = new Map<number, number>();
  for (const { second } of arrivals) {
    const slot = Math.floor(second / SLOT_SECONDS);
    perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
  }
  arrivals.forEach(({ second, customerId }, index) => {
    const busy = perSlot.get(Math.floor(second / SLOT_SECONDS))! / 10;
    const placedAt = new Date(dayStart + second * 1000);
    const morning = second < 11 * 3600;
    generateOrder({ input, rhythm, random, history, placedAt, customerId, number: index + 1, busy, morning });
  });
}

interface Slot {
  start: number;
  length: number;
}

/** Slots of up to 15 minutes inside the opening periods (ending before last orders), weighted by hour. */
function slotsOf(periods: Store['openingHours'], hours: Record<number, number>): [Slot, number][] {
  const slots: [Slot, number][] = [];
  for (const period of periods) {
    const lastOrder = secondsOf(period.closes) - LAST_ORDER_SECONDS;
    for (let start = secondsOf(period.opens); start < lastOrder; start += SLOT_SECONDS) {
      const length = Math.min(SLOT_SECONDS, lastOrder - start);
      const weight = (hours[Math.floor(start / 3600)] ?? 0) * length;
      if (weight > 0) slots.push([{ start, length }, weight]);
    }
  }
  return slots;
}

const secondsOf = (time: string) => Number(time.slice(0, 2)) * 3600 + Number(time.slice(3, 5)) * 60;

function arrivalSecond(random: SeededRandom, slots: [Slot, number][]): number {
  const { start, length } = random.weighted(slots);
  return start + random.int(0, length - 1);
}

interface OrderContext {
  input: HistoryInput;
  rhythm: StoreRhythm;
  random: SeededRandom;
  history: History;
  placedAt: Date;
  customerId: string | null;
  number: number;
  /** Orders in the same quarter hour, in tens: the bar's queue. */
  busy: number;
  morning: boolean;
}

function generateOrder(context: OrderContext): void {
  const { input, random, history, placedAt, customerId, busy } = context;
  const { store } = input;
  const orderId = random.uuid();
  const basketLines = basket(context);
  const lines: OrderLine[] = basketLines.map(({ item, variant, price, options, quantity }, position) => {
    const modifiers = options.map((option) => ({
      optionId: option.id,
      name: option.name,
      priceDelta: modifierPrice(store, option),
    }));
    return {
      id: random.uuid(),
      tenantId: store.tenantId,
      orderId,
      position,
      productId: item.product.id,
      variantId: variant.id,
      productName: item.product.name,
      variantName: variant.name,
      quantity,
      unitPrice: price,
      modifiers,
      total: lineTotal(
        price,
        modifiers.map((modifier) => modifier.priceDelta),
        quantity,
      ),
    };
  });
  const totals = taxTotals(
    lines.reduce((sum, line) => sum + line.total, 0),
    store.taxRateBasisPoints,
    store.pricesIncludeTax,
  );
  const itemCount = lines.reduce((sum, line) => sum + line.quantity, 0);
  const at = (start: Date, seconds: number) => new Date(start.getTime() + Math.round(seconds) * 1000);
  const order: Order = {
    id: orderId,
    tenantId: store.tenantId,
    storeId: store.id,
    customerId,
    number: String(context.number),
    status: 'COMPLETED',
    currency: store.currency,
    ...totals,
    pricesIncludeTax: store.pricesIncludeTax,
    itemCount,
    notes: null,
    pickupAt: at(placedAt, 300),
    placedAt,
    acceptedAt: null,
    startedAt: null,
    readyAt: null,
    completedAt: null,
    cancelledAt: null,
    cancellationReason: null,
    paidAt: null,
  };
  const events: DomainEvent[] = [{ ...orderPlaced(order, lines), id: random.uuid() }];
  const change = (from: OrderStatus, to: OrderStatus, when: Date, reason: string | null = null) =>
    events.push({ ...orderStatusChanged(order, from, to, when, reason), id: random.uuid() });

  const cancelled = random.chance(CANCELLATION_RATE);
  const byCustomer = cancelled && customerId !== null && random.chance(0.65);
  if (byCustomer) {
    order.cancelledAt = at(placedAt, random.int(20, 150));
    order.cancellationReason = random.pick(['Changed my mind', 'Ordered by mistake', 'Running late']);
    change('PLACED', 'CANCELLED', order.cancelledAt, order.cancellationReason);
  } else {
    order.acceptedAt = at(placedAt, random.int(10, 60) + busy * 10);
    change('PLACED', 'ACCEPTED', order.acceptedAt);
    if (cancelled) {
      order.cancelledAt = at(order.acceptedAt, random.int(60, 300));
      order.cancellationReason = random.pick([
        'Out of oat milk',
        'Espresso machine down',
        'Too busy to make it in time',
      ]);
      change('ACCEPTED', 'CANCELLED', order.cancelledAt, order.cancellationReason);
    } else {
      const slowest = Math.max(...basketLines.map((line) => line.item.traits.prepSeconds));
      const prep = (slowest + 25 * (itemCount - 1)) * (0.8 + 0.4 * random.next());
      order.startedAt = at(order.acceptedAt, random.int(5, 40) + busy * 45);
      order.readyAt = at(order.startedAt, prep);
      order.completedAt = at(order.readyAt, random.int(15, 300));
      change('ACCEPTED', 'PREPARING', order.startedAt);
      change('PREPARING', 'READY', order.readyAt);
      change('READY', 'COMPLETED', order.completedAt);
    }
  }
  order.status = order.cancelledAt ? 'CANCELLED' : 'COMPLETED';
  history.orders.push(order);
  history.lines.push(...lines);
  history.events.push(...events);
}

interface BasketLine {
  item: HistoryItem;
  variant: ProductVariant;
  price: number;
  options: ModifierOption[];
  quantity: number;
}

/** What one order asks for: drinks with their sizes and modifiers, and often a pastry. */
function basket({ input, rhythm, random, morning }: OrderContext): BasketLine[] {
  const drinks = input.items.filter((item) => item.traits.kind !== 'pastry');
  const pastries = input.items.filter((item) => item.traits.kind === 'pastry');
  const weightOf = (item: HistoryItem) => {
    const kind = item.traits.kind;
    const daypart = !morning && (kind === 'cold' || kind === 'tea') ? 1.5 : 1;
    return item.traits.popularity * (rhythm.kindFactors[kind] ?? 1) * daypart;
  };
  const drinkWeights = drinks.map((item) => [item, weightOf(item)] as const);
  const pastryWeights = pastries.map((item) => [item, weightOf(item)] as const);
  const lines: BasketLine[] = [];
  const pastryOnly = pastries.length > 0 && (drinks.length === 0 || random.chance(0.06));
  const drinkCount = pastryOnly ? 0 : random.weighted(DRINKS_PER_ORDER);
  for (let i = 0; i < drinkCount; i++) {
    lines.push(chooseLine(random, random.weighted(drinkWeights), DRINK_QUANTITIES));
  }
  if (pastries.length > 0 && (pastryOnly || random.chance(morning ? 0.32 : 0.2))) {
    lines.push(chooseLine(random, random.weighted(pastryWeights), PASTRY_QUANTITIES));
  }
  return lines;
}

type Shares = readonly (readonly [number, number])[];
/** How many drinks an order has, and how many of each drink and pastry: [count, share]. */
// prettier-ignore
const DRINKS_PER_ORDER: Shares = [[1, 76], [2, 17], [3, 5], [4, 2]];
// prettier-ignore
const DRINK_QUANTITIES: Shares = [[1, 92], [2, 7], [3, 1]];
// prettier-ignore
const PASTRY_QUANTITIES: Shares = [[1, 85], [2, 15]];
/** Small, medium and large by share, for products in two or three sizes. */
const SIZE_SHARES: Record<number, number[]> = { 1: [1], 2: [45, 55], 3: [30, 45, 25] };

function chooseLine(random: SeededRandom, item: HistoryItem, quantities: Shares): BasketLine {
  const shares = SIZE_SHARES[item.variants.length] ?? item.variants.map(() => 1);
  const { variant, price } = random.weighted(item.variants.map((choice, index) => [choice, shares[index]!] as const));
  const options = item.groups.flatMap(({ group, options: choices, habit }) => {
    if (choices.length === 0 || (group.minSelections === 0 && !random.chance(habit.chance))) return [];
    const count = Math.max(group.minSelections, random.chance(0.15) ? group.maxSelections : 1);
    const chosen: ModifierOption[] = [];
    while (chosen.length < Math.min(count, choices.length)) {
      const left = choices.filter((option) => !chosen.includes(option));
      chosen.push(random.weighted(left.map((option) => [option, habit.shares.get(option.id) ?? 1] as const)));
    }
    return chosen;
  });
  return { item, variant, price, options, quantity: random.weighted(quantities) };
}
