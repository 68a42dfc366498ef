import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptOrderDocument,
  CancelOrderDocument,
  CreateIngredientDocument,
  HandOverOrderDocument,
  InventoryDocument,
  KitchenQueueDocument,
  MarkOrderReadyDocument,
  MyOrdersDocument,
  OrderDocument,
  OrderUpdatedDocument,
  OrdersDocument,
  PlaceOrderDocument,
  QuoteOrderDocument,
  RestockDocument,
  SetRecipeDocument,
  StartOrderDocument,
  StoreOrdersDocument,
  UpdateStoreDocument,
  type GoCoffeeClient,
  type PlaceOrderInput,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { createDomainEvent } from '../common/events/domain-event.ts';
import { orderTopic, storeOrdersTopic } from '../subgraphs/orders/live-topics.ts';
import { createMenuFixture, makeUnavailable, type MenuFixture } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { untilListening } from './support/pubsub-listeners.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
let menu: MenuFixture;
let customer: GoCoffeeClient;
let barista: GoCoffeeClient;
let owner: GoCoffeeClient;
const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const [seattle, london, tokyo] = demo.stores as [
  (typeof demo.stores)[0],
  (typeof demo.stores)[0],
  (typeof demo.stores)[0],
];
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
let keys = 0;
const key = () => `order-${++keys}`;

beforeAll(async () => {
  platform = await startTestPlatform();
  menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
  [customer, barista, owner] = await Promise.all([
    signInAs(platform.gatewayUrl, demo, 'CUSTOMER'),
    signInAs(platform.gatewayUrl, demo, 'BARISTA'),
    signInAs(platform.gatewayUrl, demo, 'OWNER'),
  ]);
  for (const [store, taxRateBasisPoints, pricesIncludeTax] of [
    [seattle, 1035, false],
    [london, 2000, true],
    [tokyo, 1000, true],
  ] as const) {
    const { updateStore } = await owner.request(UpdateStoreDocument, {
      input: { storeId: store.id, taxRateBasisPoints, pricesIncludeTax, openingHours: ALL_DAY },
    });
    expect(updateStore.errors).toEqual([]);
  }
});
afterAll(async () => {
  await Promise.all([customer, barista, owner].map((client) => client?.dispose()));
  await platform?.stop();
});

const latte = (overrides: Partial<PlaceOrderInput['lines'][number]> = {}) => ({
  productId: menu.latte.id,
  variantId: menu.latte.small,
  quantity: 1,
  modifierOptionIds: [menu.milk.whole],
  ...overrides,
});

async function place(client: GoCoffeeClient, input: Partial<PlaceOrderInput> = {}) {
  const { placeOrder } = await client.request(PlaceOrderDocument, {
    input: { storeId: seattle.id, lines: [latte()], idempotencyKey: key(), ...input },
  });
  return placeOrder;
}

async function rowCounts() {
  return subgraphDatabase(platform, 'orders').system(async (manager) => {
    const [counts] = (await manager.query(
      `SELECT (SELECT count(*) FROM orders.orders)::int AS orders,
              (SELECT count(*) FROM orders.order_lines)::int AS lines,
              (SELECT count(*) FROM orders.idempotency_keys)::int AS keys,
              (SELECT count(*) FROM orders.outbox_events WHERE type LIKE 'Order%')::int AS events`,
    )) as { orders: number; lines: number; keys: number; events: number }[];
    return counts!;
  });
}

describe('placing an order', () => {
  it('stores the order with its lines and totals, and a replay of the key returns the same order', async () => {
    const idempotencyKey = key();
    const input = { storeId: seattle.id, lines: [latte({ quantity: 2 })], idempotencyKey };
    const first = await customer.request(PlaceOrderDocument, { input });
    expect(first.placeOrder.errors).toEqual([]);
    const order = first.placeOrder.order!;
    expect(order).toMatchObject({ status: 'PLACED', itemCount: 2, store: { name: seattle.name } });
    expect(order.total).toEqual({ amount: 993, currency: 'USD' });
    const before = await rowCounts();

    const replay = await customer.request(PlaceOrderDocument, { input });
    expect(replay.placeOrder.order!.id).toBe(order.id);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses the same key for a different order and writes nothing', async () => {
    const idempotencyKey = key();
    await place(customer, { idempotencyKey });
    const before = await rowCounts();
    const reused = await place(customer, { idempotencyKey, lines: [latte({ quantity: 3 })] });
    expect(reused.errors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await rowCounts()).toEqual(before);
  });

  it.each<[string, () => Partial<PlaceOrderInput>, string, string[]?]>([
    ['a quantity of 0', () => ({ lines: [latte({ quantity: 0 })] }), 'INVALID_QUANTITY', ['lines', '0', 'quantity']],
    [
      'a quantity of 100',
      () => ({ lines: [latte({ quantity: 100 })] }),
      'INVALID_QUANTITY',
      ['lines', '0', 'quantity'],
    ],
    ['no lines', () => ({ lines: [] }), 'EMPTY_ORDER', ['lines']],
    [
      'no milk where one is required',
      () => ({ lines: [latte({ modifierOptionIds: [] })] }),
      'INVALID_MODIFIER_SELECTION',
    ],
    [
      'two milks where one is allowed',
      () => ({ lines: [latte({ modifierOptionIds: [menu.milk.whole, menu.milk.oat] })] }),
      'INVALID_MODIFIER_SELECTION',
    ],
    [
      'the same option twice',
      () => ({ lines: [latte({ modifierOptionIds: [menu.milk.whole, menu.shots.extra, menu.shots.extra] })] }),
      'INVALID_MODIFIER',
    ],
    [
      'a modifier the product does not offer',
      () => ({
        lines: [
          {
            productId: menu.croissant.id,
            variantId: menu.croissant.single,
            quantity: 1,
            modifierOptionIds: [menu.milk.oat],
          },
        ],
      }),
      'INVALID_MODIFIER',
    ],
    [
      'a variant of another product',
      () => ({ lines: [latte({ variantId: menu.croissant.single })] }),
      'UNKNOWN_VARIANT',
    ],
    ['an unknown product', () => ({ lines: [latte({ productId: crypto.randomUUID() })] }), 'UNKNOWN_PRODUCT'],
    ['an unknown store', () => ({ storeId: crypto.randomUUID() }), 'NOT_FOUND'],
    [
      'a pickup time that has passed',
      () => ({ pickupAt: new Date(Date.now() - 3_600_000).toISOString() }),
      'INVALID_PICKUP_TIME',
    ],
    [
      'a pickup time a month ahead',
      () => ({ pickupAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
      'INVALID_PICKUP_TIME',
    ],
    ['notes of 501 characters', () => ({ notes: 'x'.repeat(501) }), 'INVALID_NOTES'],
    ['an empty idempotency key', () => ({ idempotencyKey: ' ' }), 'INVALID_IDEMPOTENCY_KEY'],
  ])('answers %s with a UserError and writes nothing', async (_case, input, code, field) => {
    const before = await rowCounts();
    const result = await place(customer, input());
    expect(result.order).toBeNull();
    expect(result.errors.map((error) => error.code)).toEqual([code]);
    if (field) expect(result.errors[0]!.field).toEqual(field);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a product the store does not sell now', async () => {
    await makeUnavailable(subgraphDatabase(platform, 'orders'), demo.id, seattle.id, menu.croissant.id);
    const before = await rowCounts();
    const result = await place(customer, {
      storeId: seattle.id,
      lines: [{ productId: menu.croissant.id, variantId: menu.croissant.single, quantity: 1 }],
    });
    expect(result.errors.map((error) => error.code)).toEqual(['PRODUCT_UNAVAILABLE']);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a pickup when the store is closed', async () => {
    const { updateStore } = await owner.request(UpdateStoreDocument, {
      input: { storeId: tokyo.id, openingHours: [] },
    });
    expect(updateStore.store!.openNow).toBe(false);
    const result = await place(customer, { storeId: tokyo.id });
    expect(result.errors.map((error) => error.code)).toEqual(['STORE_CLOSED']);
    await owner.request(UpdateStoreDocument, { input: { storeId: tokyo.id, openingHours: ALL_DAY } });
  });
});

describe('totals', () => {
  // Worked by hand: unit = variant price + option deltas; tax on the order's subtotal, rounded half
  // away from zero to the minor unit; added in Seattle (10.35%), included in London (20% VAT) and
  // Tokyo (10%, yen have no minor unit).
  it.each<[string, () => { storeId: string; lines: PlaceOrderInput['lines'] }, [number, number, number, string]]>([
    ['one small latte in Seattle', () => ({ storeId: seattle.id, lines: [latte()] }), [450, 47, 497, 'USD']],
    [
      'two large oat lattes with an extra shot in Seattle',
      () => ({
        storeId: seattle.id,
        lines: [
          latte({ variantId: menu.latte.large, quantity: 2, modifierOptionIds: [menu.milk.oat, menu.shots.extra] }),
        ],
      }),
      [1310, 136, 1446, 'USD'],
    ],
    [
      'a small oat latte in London, VAT included',
      () => ({ storeId: london.id, lines: [latte({ modifierOptionIds: [menu.milk.oat] })] }),
      [430, 72, 430, 'GBP'],
    ],
    [
      'three croissants in London',
      () => ({
        storeId: london.id,
        lines: [{ productId: menu.croissant.id, variantId: menu.croissant.single, quantity: 3 }],
      }),
      [840, 140, 840, 'GBP'],
    ],
    [
      'a large oat latte with two extra shots in Tokyo, in whole yen',
      () => ({
        storeId: tokyo.id,
        lines: [
          latte({
            variantId: menu.latte.large,
            modifierOptionIds: [menu.milk.oat, menu.shots.extra, menu.shots.decaf],
          }),
        ],
      }),
      [800, 73, 800, 'JPY'],
    ],
    [
      'a small latte and two croissants in Tokyo',
      () => ({
        storeId: tokyo.id,
        lines: [latte(), { productId: menu.croissant.id, variantId: menu.croissant.single, quantity: 2 }],
      }),
      [1150, 105, 1150, 'JPY'],
    ],
  ])(
    'prices %s exactly, in the quote and in the placed order',
    async (_case, input, [subtotal, tax, total, currency]) => {
      const { quoteOrder } = await customer.request(QuoteOrderDocument, { input: input() });
      expect(quoteOrder.errors).toEqual([]);
      const quote = quoteOrder.quote!;
      expect([quote.subtotal.amount, quote.tax.amount, quote.total.amount, quote.total.currency]).toEqual([
        subtotal,
        tax,
        total,
        currency,
      ]);
      const order = (await place(customer, input())).order!;
      expect([order.subtotal.amount, order.tax.amount, order.total.amount, order.total.currency]).toEqual([
        subtotal,
        tax,
        total,
        currency,
      ]);
      expect(order.lines.reduce((sum, line) => sum + line.total.amount, 0)).toBe(subtotal);
    },
  );
});

describe('the kitchen', () => {
  it('takes an order from PLACED to COMPLETED while the customer hears every status on orderUpdated', async () => {
    const order = (await place(customer)).order!;
    const updates = customer.subscribe(OrderUpdatedDocument, { orderId: order.id });
    const received: string[] = [];
    const listening = (async () => {
      for await (const event of updates) {
        expect(event.errors).toBeUndefined();
        expect(event.data!.orderUpdated.store.name).toBe(seattle.name);
        received.push(event.data!.orderUpdated.status);
        if (received.at(-1) === 'COMPLETED') break;
      }
    })();
    await untilListening(platform, orderTopic(order.id));

    const input = { orderId: order.id };
    expect((await barista.request(AcceptOrderDocument, { input })).acceptOrder.order!.status).toBe('ACCEPTED');
    expect((await barista.request(StartOrderDocument, { input })).startOrder.order!.status).toBe('PREPARING');
    expect((await barista.request(MarkOrderReadyDocument, { input })).markOrderReady.order!.status).toBe('READY');
    expect((await barista.request(HandOverOrderDocument, { input })).handOverOrder.order!.status).toBe('COMPLETED');
    await listening;
    expect(received).toEqual(['ACCEPTED', 'PREPARING', 'READY', 'COMPLETED']);

    const { order: done } = await customer.request(OrderDocument, { id: order.id });
    expect(done).toMatchObject({ status: 'COMPLETED' });
    expect(done!.acceptedAt && done!.startedAt && done!.readyAt && done!.completedAt).toBeTruthy();
  });

  it("shows the kitchen display each new order with its tenant's name joined in, and no other tenant's subscriber", async () => {
    const display = barista.subscribe(StoreOrdersDocument, { storeId: london.id });
    const first = display.next();
    await untilListening(platform, storeOrdersTopic(london.id));
    const order = (await place(customer, { storeId: london.id })).order!;
    const { value } = await first;
    expect(value.errors).toBeUndefined();
    expect(value.data!.storeOrders).toMatchObject({
      id: order.id,
      status: 'PLACED',
      store: { name: london.name, tenant: { name: demo.name } },
    });
    await display.return?.();

    const outsider = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const refused = await outsider.subscribe(StoreOrdersDocument, { storeId: london.id }).next();
    expect(refused.value.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await outsider.dispose();
  });

  it('answers an illegal move with INVALID_TRANSITION and leaves the order as it was', async () => {
    const order = (await place(customer)).order!;
    const started = await barista.request(StartOrderDocument, { input: { orderId: order.id } });
    expect(started.startOrder.errors.map((error) => error.code)).toEqual(['INVALID_TRANSITION']);
    const ready = await barista.request(HandOverOrderDocument, { input: { orderId: order.id } });
    expect(ready.handOverOrder.errors.map((error) => error.code)).toEqual(['INVALID_TRANSITION']);
    expect((await customer.request(OrderDocument, { id: order.id })).order!.status).toBe('PLACED');
  });

  it('keeps customers out of the kitchen', async () => {
    const order = (await place(customer)).order!;
    const result = await customer.execute(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await customer.request(OrderDocument, { id: order.id })).order!.status).toBe('PLACED');
  });

  it('lets a customer cancel only while PLACED, and staff while ACCEPTED', async () => {
    const mine = (await place(customer)).order!;
    const cancelled = await customer.request(CancelOrderDocument, {
      input: { orderId: mine.id, reason: 'Changed my mind' },
    });
    expect(cancelled.cancelOrder.order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Changed my mind' });

    const accepted = (await place(customer)).order!;
    await barista.request(AcceptOrderDocument, { input: { orderId: accepted.id } });
    const tooLate = await customer.request(CancelOrderDocument, { input: { orderId: accepted.id } });
    expect(tooLate.cancelOrder.errors.map((error) => error.code)).toEqual(['INVALID_TRANSITION']);
    const byStaff = await barista.request(CancelOrderDocument, {
      input: { orderId: accepted.id, reason: 'Out of oat milk' },
    });
    expect(byStaff.cancelOrder.order!.status).toBe('CANCELLED');

    const again = await barista.request(CancelOrderDocument, { input: { orderId: accepted.id } });
    expect(again.cancelOrder.errors.map((error) => error.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('queues open orders by pickup time, then age, with ready-time estimates', async () => {
    const store = london.id;
    const later = (
      await place(customer, {
        storeId: store,
        pickupAt: new Date(Date.now() + 3_600_000).toISOString(),
        lines: [latte()],
      })
    ).order!;
    const first = (await place(customer, { storeId: store })).order!;
    const second = (await place(customer, { storeId: store })).order!;
    const { kitchenQueue } = await barista.request(KitchenQueueDocument, { storeId: store });
    const ids = kitchenQueue.orders.map((order) => order.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(later.id));
    const eta = (id: string) => Date.parse(kitchenQueue.orders.find((order) => order.id === id)!.estimatedReadyAt!);
    expect(eta(first.id)).toBeLessThan(eta(second.id));
    expect(eta(later.id)).toBeGreaterThanOrEqual(Date.parse(later.pickupAt));
  });

  it('accepts an order only once it is paid where the store says so', async () => {
    await owner.request(UpdateStoreDocument, { input: { storeId: tokyo.id, requiresPaymentBeforeAccept: true } });
    const order = (await place(customer, { storeId: tokyo.id })).order!;
    const unpaid = await barista.request(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(unpaid.acceptOrder.errors.map((error) => error.code)).toEqual(['ORDER_NOT_PAID']);

    const paid = createDomainEvent({
      type: 'PaymentSucceeded',
      source: 'payments',
      tenantId: demo.id,
      aggregateId: crypto.randomUUID(),
      payload: {
        orderId: order.id,
        paymentId: crypto.randomUUID(),
        provider: 'IN_STORE',
        method: 'CASH',
        amount: order.total.amount,
        currency: order.total.currency,
      },
    });
    await platform.bus.publish([paid, paid]);
    await expect.poll(async () => (await customer.request(OrderDocument, { id: order.id })).order!.paidAt).toBeTruthy();
    const accepted = await barista.request(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(accepted.acceptOrder.order!.status).toBe('ACCEPTED');
    await owner.request(UpdateStoreDocument, { input: { storeId: tokyo.id, requiresPaymentBeforeAccept: false } });
  });
});

describe('stock', () => {
  it('takes the recipe from stock on acceptance, refuses what it cannot make, and gives it back on cancelling', async () => {
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    const { createIngredient } = await manager.request(CreateIngredientDocument, {
      input: { name: `Croissant dough ${key()}`, unit: 'piece', idempotencyKey: key() },
    });
    const dough = createIngredient.ingredient!.id;
    await owner.request(SetRecipeDocument, {
      input: { variantId: menu.croissant.single, components: [{ ingredientId: dough, quantity: 1 }] },
    });
    await manager.request(RestockDocument, {
      input: { storeId: london.id, ingredientId: dough, quantity: 3, lowStockThreshold: 1, idempotencyKey: key() },
    });
    const croissants = (quantity: number) => [
      { productId: menu.croissant.id, variantId: menu.croissant.single, quantity },
    ];
    const left = async () =>
      (await manager.request(InventoryDocument, { storeId: london.id })).inventory.find(
        (level) => level.ingredient.id === dough,
      )!.quantity;

    const two = (await place(customer, { storeId: london.id, lines: croissants(2) })).order!;
    const alsoTwo = (await place(customer, { storeId: london.id, lines: croissants(2) })).order!;
    expect((await barista.request(AcceptOrderDocument, { input: { orderId: two.id } })).acceptOrder.errors).toEqual([]);
    expect(await left()).toBe(1);
    const short = await barista.request(AcceptOrderDocument, { input: { orderId: alsoTwo.id } });
    expect(short.acceptOrder.errors.map((error) => error.code)).toEqual(['OUT_OF_STOCK']);
    expect((await customer.request(OrderDocument, { id: alsoTwo.id })).order!.status).toBe('PLACED');
    expect(await left()).toBe(1);

    await barista.request(CancelOrderDocument, { input: { orderId: two.id, reason: 'Oven broke' } });
    expect(await left()).toBe(3);
    await barista.request(AcceptOrderDocument, { input: { orderId: alsoTwo.id } });
    await barista.request(AcceptOrderDocument, {
      input: { orderId: (await place(customer, { storeId: london.id, lines: croissants(1) })).order!.id },
    });
    expect(await left()).toBe(0);
    const soldOut = await place(customer, { storeId: london.id, lines: croissants(1) });
    expect(soldOut.errors.map((error) => error.code)).toEqual(['PRODUCT_UNAVAILABLE']);
  });

  it('adds a restock once however often it is sent with one key', async () => {
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    const { createIngredient } = await manager.request(CreateIngredientDocument, {
      input: { name: `Oat milk ${key()}`, unit: 'ml', idempotencyKey: key() },
    });
    const input = {
      storeId: seattle.id,
      ingredientId: createIngredient.ingredient!.id,
      quantity: 1000,
      idempotencyKey: key(),
    };
    await manager.request(RestockDocument, { input });
    const again = await manager.request(RestockDocument, { input });
    expect(again.restock.stockLevel!.quantity).toBe(1000);
  });
});

describe('who sees which orders', () => {
  it("shows a customer only their own orders, and staff everyone's", async () => {
    const staffOrder = (await place(barista)).order!;
    const mine = (await place(customer)).order!;
    expect((await customer.request(OrderDocument, { id: staffOrder.id })).order).toBeNull();
    const { orders } = await customer.request(OrdersDocument, { first: 100 });
    expect(orders.edges.every((edge) => edge.node.customer?.id === mine.customer!.id)).toBe(true);
    const { orders: all } = await barista.request(OrdersDocument, { first: 100, filter: { storeId: seattle.id } });
    expect(all.edges.map((edge) => edge.node.id)).toEqual(expect.arrayContaining([staffOrder.id, mine.id]));
    const { me } = await customer.request(MyOrdersDocument, { first: 100 });
    expect(me!.orders!.edges.map((edge) => edge.node.id)).toContain(mine.id);
    expect(me!.orders!.edges.map((edge) => edge.node.id)).not.toContain(staffOrder.id);
  });

  it('filters by status and date range', async () => {
    const order = (await place(customer)).order!;
    const placedAt = Date.parse(order.placedAt);
    const within = await barista.request(OrdersDocument, {
      filter: {
        status: ['PLACED'],
        placedFrom: new Date(placedAt).toISOString(),
        placedTo: new Date(placedAt + 1).toISOString(),
      },
    });
    expect(within.orders.edges.map((edge) => edge.node.id)).toEqual([order.id]);
    const completed = await barista.request(OrdersDocument, { filter: { status: ['COMPLETED'] }, first: 100 });
    expect(completed.orders.edges.every((edge) => edge.node.status === 'COMPLETED')).toBe(true);
  });

  it("gives another tenant nothing of this tenant's orders", async () => {
    const order = (await place(customer)).order!;
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    expect((await rivalOwner.request(OrderDocument, { id: order.id })).order).toBeNull();
    const accept = await rivalOwner.request(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(accept.acceptOrder.errors.map((error) => error.code)).toEqual(['NOT_FOUND']);
    const { orders } = await rivalOwner.request(OrdersDocument, { first: 100 });
    expect(orders.edges.map((edge) => edge.node.id)).not.toContain(order.id);
    expect((await customer.request(OrderDocument, { id: order.id })).order!.status).toBe('PLACED');
  });
});

describe('malformed ids', () => {
  it('answers an id that is not a UUID with BAD_USER_INPUT, not an internal error', async () => {
    const result = await customer.execute(OrderDocument, { id: 'not-a-uuid' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const placed = await customer.execute(PlaceOrderDocument, {
      input: { storeId: '42', lines: [latte()], idempotencyKey: key() },
    });
    expect(placed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
