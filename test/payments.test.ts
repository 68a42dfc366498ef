import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptOrderDocument,
  CancelOrderDocument,
  PaymentDocument,
  RecordInStorePaymentDocument,
  RefundPaymentDocument,
  RevenueReportDocument,
  StartPayPalPaymentDocument,
  StartStripePaymentDocument,
  UpdateStoreDocument,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import pino from 'pino';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import { OutboxEventEntity, toDomainEvent } from '../common/events/outbox.ts';
import { inStoreProvider } from '../subgraphs/payments/in-store.provider.ts';
import { createOrderCancellation } from '../subgraphs/payments/order-cancellation.ts';
import { orderEventsConsumer } from '../subgraphs/payments/order-events.consumer.ts';
import { createPaymentService } from '../subgraphs/payments/payment.service.ts';
import { createStripeProvider } from '../subgraphs/payments/stripe/stripe.provider.ts';
import { createMenuFixture, type MenuFixture } from './support/menu-fixtures.ts';
import { orderPayments as paymentsOf, placePayableOrder } from './support/payable-order.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startPlatformOnStripe } from './support/stripe-platform.ts';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-stand-in.ts';
import type { TestPlatform } from './support/test-platform.ts';
import { eventually } from './support/eventually.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const [seattle, , tokyo] = demo.stores as [DemoTenant['stores'][0], DemoTenant['stores'][0], DemoTenant['stores'][0]];
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

let stripe: StripeStandIn;
/** The real Stripe client at the stand-in, doing what Stripe.js does in the customer's browser. */
let browser: Stripe;
let platform: TestPlatform;
let menu: MenuFixture;
let customer: GoCoffeeClient;
let barista: GoCoffeeClient;
let manager: GoCoffeeClient;
let rivalOwner: GoCoffeeClient;
let keys = 0;
const key = () => `payment-test-${++keys}`;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  const standInUrl = new URL(stripe.url);
  browser = new Stripe(stripe.secretKey, {
    host: standInUrl.hostname,
    port: standInUrl.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  platform = await startPlatformOnStripe(stripe);
  menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
  const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
  [customer, barista, manager, rivalOwner] = await Promise.all([
    signInAs(platform.gatewayUrl, demo, 'CUSTOMER'),
    signInAs(platform.gatewayUrl, demo, 'BARISTA'),
    signInAs(platform.gatewayUrl, demo, 'MANAGER'),
    signInAs(platform.gatewayUrl, rival, 'OWNER'),
  ]);
  for (const store of [seattle, tokyo]) {
    const { updateStore } = await owner.request(UpdateStoreDocument, {
      input: { storeId: store.id, openingHours: ALL_DAY, requiresPaymentBeforeAccept: true },
    });
    expect(updateStore.errors).toEqual([]);
  }
  await owner.dispose();
});
afterAll(async () => {
  await Promise.all([customer, barista, manager, rivalOwner].map((client) => client?.dispose()));
  await platform?.stop();
  await stripe?.close();
});

const placeOrder = (storeId = tokyo.id) =>
  placePayableOrder({ customer, staff: manager, menu, storeId, idempotencyKey: key() });

const orderPayments = (orderId: string) => paymentsOf(manager, orderId);

async function startStripe(orderId: string, client = customer) {
  const { startStripePayment } = await client.request(StartStripePaymentDocument, { input: { orderId } });
  expect(startStripePayment.errors).toEqual([]);
  return startStripePayment;
}

/** What the payments service's database holds for an order's payments, as its own tables say. */
async function storedFor(orderId: string) {
  return subgraphDatabase(platform, 'payments').system(async (db) => {
    const [row] = (await db.query(
      `SELECT (SELECT count(*) FROM payments.payments WHERE order_id = $1)::int AS payments,
              (SELECT count(*) FROM payments.refunds r JOIN payments.payments p ON p.id = r.payment_id
                WHERE p.order_id = $1)::int AS refunds,
              (SELECT count(*) FROM payments.outbox_events
                WHERE payload->>'orderId' = $1::text AND type = 'PaymentSucceeded')::int AS succeeded,
              (SELECT count(*) FROM payments.outbox_events
                WHERE payload->>'orderId' = $1::text AND type = 'PaymentRefunded')::int AS refunded,
              (SELECT count(*) FROM payments.webhook_events)::int AS webhooks`,
      [orderId],
    )) as { payments: number; refunds: number; succeeded: number; refunded: number; webhooks: number }[];
    return row!;
  });
}

const intentsOf = (orderId: string) =>
  [...stripe.intents.values()].filter((intent) => intent.metadata.order_id === orderId);

const withoutAutoDelivery = async <T>(work: () => Promise<T>): Promise<T> => {
  stripe.autoDeliver = false;
  try {
    return await work();
  } finally {
    stripe.autoDeliver = true;
  }
};

const eventsOf = (intentId: string, type: string) =>
  stripe.events.filter((event) => {
    const object = event.data.object as { id: string; payment_intent?: string };
    return event.type === type && (object.id === intentId || object.payment_intent === intentId);
  });

describe('paying an order with Stripe through the gateway', () => {
  it('charges the order total, and once the webhook arrives the kitchen may accept it; a refund makes it REFUNDED', async () => {
    const order = await placeOrder();
    const { acceptOrder: early } = await barista.request(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(early.errors.map((error) => error.code)).toEqual(['ORDER_NOT_PAID']);

    const started = await startStripe(order.id);
    expect(started.payment).toMatchObject({ provider: 'STRIPE', status: 'PENDING', amount: order.total });
    const [intent] = intentsOf(order.id);
    // Yen have no minor unit, in ISO-4217 and at Stripe alike: 1,260 yen is amount 1260.
    expect(order.total).toEqual({ amount: 1260, currency: 'JPY' });
    expect(intent).toMatchObject({ amount: 1260, currency: 'jpy', metadata: { tenant_id: demo.id } });
    expect(started.clientSecret).toBe(intent!.client_secret);

    await browser.paymentIntents.confirm(intent!.id, { payment_method: 'pm_card_visa' });
    await eventually(async () => expect((await orderPayments(order.id)).paidAt).toBeTruthy());
    expect((await orderPayments(order.id)).paymentStatus).toBe('PAID');
    const { acceptOrder } = await barista.request(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(acceptOrder).toMatchObject({ errors: [], order: { status: 'ACCEPTED' } });

    const { refundPayment } = await manager.request(RefundPaymentDocument, {
      input: { paymentId: started.payment!.id, reason: 'Spilled at the counter', idempotencyKey: key() },
    });
    expect(refundPayment.errors).toEqual([]);
    expect(refundPayment.refund).toMatchObject({ status: 'SUCCEEDED', amount: { amount: 1260, currency: 'JPY' } });
    expect(refundPayment.payment).toMatchObject({ status: 'REFUNDED', refunded: { amount: 1260 } });
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('REFUNDED'));
    // The charge.refunded webhook that follows adds nothing to what the refund recorded.
    expect(await storedFor(order.id)).toMatchObject({ succeeded: 1, refunded: 1, refunds: 1 });
  });

  it('returns the same PaymentIntent when a payment is started again', async () => {
    const order = await placeOrder(seattle.id);
    const first = await startStripe(order.id);
    const again = await startStripe(order.id, barista);
    expect(again.payment!.id).toBe(first.payment!.id);
    expect(again.clientSecret).toBe(first.clientSecret);
    expect(intentsOf(order.id)).toHaveLength(1);
    expect(first.payment!.amount).toEqual({ amount: 1126, currency: 'USD' });
  });

  it('charges once when the answer to creating the intent was lost and the payment is started again', async () => {
    const order = await placeOrder();
    // Stripe created the intent; every answer to our call and its automatic retries is lost.
    stripe.dropResponses(3);
    const { startStripePayment: lost } = await customer.request(StartStripePaymentDocument, {
      input: { orderId: order.id },
    });
    expect(lost.errors.map((error) => error.code)).toEqual(['PAYMENT_PROVIDER_UNAVAILABLE']);
    expect(lost.payment).toMatchObject({ status: 'PENDING' });
    expect(intentsOf(order.id)).toHaveLength(1);

    const retried = await startStripe(order.id);
    expect(intentsOf(order.id)).toHaveLength(1);
    expect(retried.payment!.providerReference).toBe(intentsOf(order.id)[0]!.id);
    await browser.paymentIntents.confirm(retried.payment!.providerReference!, { payment_method: 'pm_card_visa' });
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('PAID'));
    expect(await storedFor(order.id)).toMatchObject({ payments: 1, succeeded: 1 });
  });

  it('refunds nothing while Stripe is down, and once when the refund is asked again with its key', async () => {
    const order = await placeOrder();
    const { payment } = await startStripe(order.id);
    await browser.paymentIntents.confirm(payment!.providerReference!, { payment_method: 'pm_card_visa' });
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('PAID'));
    stripe.refuseNext('/v1/refunds', 503, { type: 'api_error', message: 'Stripe is having trouble' });
    const input = { paymentId: payment!.id, idempotencyKey: key() };
    const { refundPayment: down } = await manager.request(RefundPaymentDocument, { input });
    expect(down.errors).toEqual([
      {
        code: 'PAYMENT_PROVIDER_UNAVAILABLE',
        field: null,
        message: 'STRIPE cannot be reached just now: try again in a moment',
      },
    ]);
    expect((await orderPayments(order.id)).paymentStatus).toBe('PAID');

    const { refundPayment: retried } = await manager.request(RefundPaymentDocument, { input });
    expect(retried.errors).toEqual([]);
    expect(retried.payment).toMatchObject({ status: 'REFUNDED' });
    expect(await storedFor(order.id)).toMatchObject({ refunds: 1, refunded: 1 });
  });

  it('shows a declined card as FAILED, and PAID once the customer pays with another card', async () => {
    const order = await placeOrder();
    const { payment } = await startStripe(order.id);
    await expect(
      browser.paymentIntents.confirm(payment!.providerReference!, { payment_method: 'pm_card_chargeDeclined' }),
    ).rejects.toThrow('declined');
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('FAILED'));
    expect((await orderPayments(order.id)).payments![0]!.failureMessage).toBe('Your card was declined.');

    await browser.paymentIntents.confirm(payment!.providerReference!, { payment_method: 'pm_card_visa' });
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('PAID'));
  });
});

describe('Stripe webhooks', () => {
  async function paidWithoutWebhooks() {
    const order = await placeOrder();
    const { payment } = await startStripe(order.id);
    const intentId = payment!.providerReference!;
    await withoutAutoDelivery(() => browser.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' }));
    return { order, payment: payment!, intentId };
  }

  it('applies an event delivered 10 times at once exactly once', async () => {
    const { order, intentId } = await paidWithoutWebhooks();
    const [succeeded] = eventsOf(intentId, 'payment_intent.succeeded');
    const before = await storedFor(order.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => stripe.deliver(succeeded!)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => (answer.body as { duplicate: boolean }).duplicate)).toHaveLength(9);
    const after = await storedFor(order.id);
    expect(after.succeeded).toBe(1);
    expect(after.webhooks).toBe(before.webhooks + 1);
    await eventually(async () => expect((await orderPayments(order.id)).paidAt).toBeTruthy());
  });

  it('ends REFUNDED when charge.refunded arrives before payment_intent.succeeded', async () => {
    const { order, intentId } = await paidWithoutWebhooks();
    await withoutAutoDelivery(() => browser.refunds.create({ payment_intent: intentId }));
    const [refunded] = eventsOf(intentId, 'charge.refunded');
    const [succeeded] = eventsOf(intentId, 'payment_intent.succeeded');
    expect((await stripe.deliver(refunded!)).status).toBe(200);
    expect((await stripe.deliver(succeeded!)).status).toBe(200);
    const final = await orderPayments(order.id);
    expect(final.paymentStatus).toBe('REFUNDED');
    expect(final.payments![0]).toMatchObject({ status: 'REFUNDED', refunded: { amount: 1260 } });
    expect(await storedFor(order.id)).toMatchObject({ succeeded: 1, refunded: 1 });
  });

  it.each<[string, Parameters<StripeStandIn['deliver']>[1]]>([
    ['a tampered body', { tamper: (payload) => payload.replace('"succeeded"', '"succeeded" ') }],
    ['a signature made with another secret', { secret: 'whsec_not_ours' }],
    ['no signature header', { withoutSignature: true }],
    ['a signature ten minutes old', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])('refuses %s with 400 and changes nothing', async (_case, options) => {
    const { order, intentId } = await paidWithoutWebhooks();
    const [succeeded] = eventsOf(intentId, 'payment_intent.succeeded');
    const before = await storedFor(order.id);
    const answer = await stripe.deliver(succeeded!, options);
    expect(answer.status).toBe(400);
    expect(await storedFor(order.id)).toEqual(before);
    expect((await orderPayments(order.id)).paymentStatus).toBe('UNPAID');
  });

  it('keeps a dispute lost when a late report says it was opened', async () => {
    const { intentId, payment } = await paidWithoutWebhooks();
    await stripe.deliver(eventsOf(intentId, 'payment_intent.succeeded')[0]!);
    const opened = await withoutAutoDelivery(async () => stripe.dispute(intentId));
    const lost = await withoutAutoDelivery(async () => stripe.dispute(intentId, 'lost'));
    expect((await stripe.deliver(lost)).status).toBe(200);
    expect((await stripe.deliver(opened)).status).toBe(200);
    const { payment: disputed } = await manager.request(PaymentDocument, { id: payment.id });
    expect(disputed).toMatchObject({ status: 'SUCCEEDED', disputeStatus: 'lost' });
  });
});

describe('refunds Stripe settles later', () => {
  async function paidOrder() {
    const order = await placeOrder();
    const { payment } = await startStripe(order.id);
    await browser.paymentIntents.confirm(payment!.providerReference!, { payment_method: 'pm_card_visa' });
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('PAID'));
    return { order, payment: payment! };
  }

  /** A refund of part of the payment that Stripe accepts as pending. */
  async function pendingRefund(paymentId: string, amount: number) {
    stripe.holdRefunds = true;
    try {
      const { refundPayment } = await manager.request(RefundPaymentDocument, {
        input: { paymentId, amount, idempotencyKey: key() },
      });
      expect(refundPayment.errors).toEqual([]);
      expect(refundPayment.refund).toMatchObject({ status: 'PENDING' });
      return [...stripe.refunds.values()].at(-1)!;
    } finally {
      stripe.holdRefunds = false;
    }
  }

  const paymentOf = async (id: string) => (await manager.request(PaymentDocument, { id })).payment!;

  it('marks a pending refund SUCCEEDED when Stripe says it succeeded, once for a repeated event', async () => {
    const { payment } = await paidOrder();
    const refund = await pendingRefund(payment.id, 500);
    const [updated] = stripe.settleRefund(refund.id, 'succeeded');
    await eventually(async () =>
      expect(await paymentOf(payment.id)).toMatchObject({
        status: 'PARTIALLY_REFUNDED',
        refunded: { amount: 500 },
        refunds: [{ status: 'SUCCEEDED', amount: { amount: 500 } }],
      }),
    );
    expect(await stripe.deliver(updated!)).toMatchObject({ status: 200, body: { duplicate: true } });
  });

  it.each(['its failure', 'charge.refunded'])(
    'gives back what a refund that failed had reserved when %s comes first',
    async (first) => {
      const { order, payment } = await paidOrder();
      const { refund, failedEvents, chargeRefunded } = await withoutAutoDelivery(async () => {
        const refund = await pendingRefund(payment.id, 700);
        const chargeRefunded = eventsOf(payment.providerReference!, 'charge.refunded').at(-1)!;
        return { refund, chargeRefunded, failedEvents: stripe.settleRefund(refund.id, 'failed') };
      });
      const events =
        first === 'charge.refunded' ? [chargeRefunded, ...failedEvents] : [...failedEvents, chargeRefunded];
      for (const event of events) expect((await stripe.deliver(event)).status).toBe(200);
      expect(await paymentOf(payment.id)).toMatchObject({
        status: 'SUCCEEDED',
        refunded: { amount: 0 },
        refunds: [{ id: expect.any(String), status: 'FAILED', amount: { amount: 700 } }],
      });
      expect(stripe.refunds.get(refund.id)!.status).toBe('failed');
      expect((await orderPayments(order.id)).paymentStatus).toBe('PAID');
      // All of it may be refunded again.
      const { refundPayment } = await manager.request(RefundPaymentDocument, {
        input: { paymentId: payment.id, idempotencyKey: key() },
      });
      expect(refundPayment.errors).toEqual([]);
      expect(refundPayment.payment).toMatchObject({ status: 'REFUNDED', refunded: { amount: 1260 } });
    },
  );

  it('takes a failure reported after the refund succeeded off the refunded total, and records it', async () => {
    const { order, payment } = await paidOrder();
    const refund = await pendingRefund(payment.id, 1260);
    stripe.settleRefund(refund.id, 'succeeded');
    await eventually(async () => expect((await paymentOf(payment.id)).status).toBe('REFUNDED'));
    stripe.settleRefund(refund.id, 'failed');
    await eventually(async () =>
      expect(await paymentOf(payment.id)).toMatchObject({ status: 'SUCCEEDED', refunded: { amount: 0 } }),
    );
    const failed = await subgraphDatabase(platform, 'payments').system(
      (db) =>
        db.query(
          `SELECT payload->>'failedAmount' AS amount FROM payments.outbox_events
            WHERE type = 'PaymentRefundFailed' AND payload->>'orderId' = $1::text`,
          [order.id],
        ) as Promise<{ amount: string }[]>,
    );
    expect(failed).toEqual([{ amount: '1260' }]);
  });
});

describe('cancelling a paid order', () => {
  /** The payments service's handling of order events, as a second process running beside the platform's. */
  function paymentsProcess() {
    const providers = { IN_STORE: inStoreProvider, STRIPE: createStripeProvider(browser) };
    const database = subgraphDatabase(platform, 'payments');
    const silent = pino({ level: 'silent' });
    const cancellation = createOrderCancellation(database, createPaymentService(providers), providers, silent);
    return { cancellation, consumer: orderEventsConsumer(database, cancellation.settle) };
  }

  /** The OrderCancelled event as the orders subgraph recorded it, to deliver it again. */
  const cancelledEventOf = async (orderId: string) =>
    toDomainEvent(
      await subgraphDatabase(platform, 'orders').system((db) =>
        db.getRepository(OutboxEventEntity).findOneByOrFail({ type: 'OrderCancelled', aggregateId: orderId }),
      ),
    );

  async function paidByCard() {
    const order = await placeOrder();
    const { payment } = await startStripe(order.id);
    await browser.paymentIntents.confirm(payment!.providerReference!, { payment_method: 'pm_card_visa' });
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('PAID'));
    return { order, payment: payment! };
  }

  async function cancel(orderId: string) {
    const { cancelOrder } = await customer.request(CancelOrderDocument, {
      input: { orderId, reason: 'Changed my mind' },
    });
    expect(cancelOrder.errors).toEqual([]);
  }

  const refundsAtStripe = (intentId: string) =>
    [...stripe.refunds.values()].filter((refund) => refund.payment_intent === intentId);

  it('refunds a card payment in full, once even when the cancellation is delivered again', async () => {
    const { order, payment } = await paidByCard();
    await cancel(order.id);
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('REFUNDED'));
    expect((await orderPayments(order.id)).payments![0]!.refunds).toEqual([
      { id: expect.any(String), status: 'SUCCEEDED', reason: 'The order was cancelled', amount: order.total },
    ]);
    expect(refundsAtStripe(payment.providerReference!)).toHaveLength(1);

    await paymentsProcess().consumer.handle(await cancelledEventOf(order.id));
    expect(refundsAtStripe(payment.providerReference!)).toHaveLength(1);
    expect(await storedFor(order.id)).toMatchObject({ refunds: 1, refunded: 1 });
  });

  it("resumes the refund on the next delivery when Stripe's answer was lost, and Stripe refunds once", async () => {
    const { order, payment } = await paidByCard();
    // Stripe makes the refund; the answers to our call and its retries are lost on the way back.
    stripe.dropResponses(3, '/v1/refunds');
    await cancel(order.id);
    await eventually(() => expect(refundsAtStripe(payment.providerReference!)).toHaveLength(1));
    expect(await storedFor(order.id)).toMatchObject({ refunds: 1 });

    await paymentsProcess().consumer.handle(await cancelledEventOf(order.id));
    expect((await orderPayments(order.id)).paymentStatus).toBe('REFUNDED');
    expect(refundsAtStripe(payment.providerReference!)).toHaveLength(1);
    expect(await storedFor(order.id)).toMatchObject({ refunds: 1, refunded: 1 });
  });

  it('leaves the refund claimed while Stripe is down, and the sweep carries it out', async () => {
    const { order, payment } = await paidByCard();
    stripe.refuseNext('/v1/refunds', 503, { type: 'api_error', message: 'Stripe is having trouble' });
    await cancel(order.id);
    await eventually(async () => expect(await storedFor(order.id)).toMatchObject({ refunds: 1 }));
    expect((await orderPayments(order.id)).paymentStatus).toBe('PAID');

    expect(await paymentsProcess().cancellation.resumeUnsettled()).toBeGreaterThanOrEqual(1);
    expect((await orderPayments(order.id)).paymentStatus).toBe('REFUNDED');
    expect(refundsAtStripe(payment.providerReference!)).toHaveLength(1);
  });

  it('records the refund of a payment taken at the counter, for staff to hand back', async () => {
    const order = await placeOrder();
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: key() },
    });
    expect(recordInStorePayment.errors).toEqual([]);
    await cancel(order.id);
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('REFUNDED'));
    expect((await orderPayments(order.id)).payments![0]).toMatchObject({
      provider: 'IN_STORE',
      refunds: [{ status: 'SUCCEEDED', reason: 'The order was cancelled', amount: order.total }],
    });
  });

  it('cancels an unpaid PaymentIntent, so the customer can no longer pay it', async () => {
    const order = await placeOrder();
    const { payment } = await startStripe(order.id);
    await cancel(order.id);
    await eventually(async () => expect((await orderPayments(order.id)).payments![0]!.status).toBe('CANCELED'));
    expect(stripe.intents.get(payment!.providerReference!)!.status).toBe('canceled');
    await expect(
      browser.paymentIntents.confirm(payment!.providerReference!, { payment_method: 'pm_card_visa' }),
    ).rejects.toThrow(/status of canceled/);
    expect((await orderPayments(order.id)).paymentStatus).toBe('UNPAID');
  });
});

describe('paying at the counter', () => {
  it("records the order's total once for a repeated key, and the kitchen may accept the order", async () => {
    const order = await placeOrder();
    const input = { orderId: order.id, method: 'CASH' as const, idempotencyKey: key() };
    const first = await barista.request(RecordInStorePaymentDocument, { input });
    expect(first.recordInStorePayment.errors).toEqual([]);
    expect(first.recordInStorePayment.payment).toMatchObject({
      provider: 'IN_STORE',
      inStoreMethod: 'CASH',
      status: 'SUCCEEDED',
      amount: order.total,
    });
    const again = await barista.request(RecordInStorePaymentDocument, { input });
    expect(again.recordInStorePayment.payment!.id).toBe(first.recordInStorePayment.payment!.id);
    expect(await storedFor(order.id)).toMatchObject({ payments: 1, succeeded: 1 });
    await eventually(async () => expect((await orderPayments(order.id)).paidAt).toBeTruthy());
    const { acceptOrder } = await barista.request(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(acceptOrder.errors).toEqual([]);
  });

  it('refuses a second payment of a paid order', async () => {
    const order = await placeOrder();
    await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CARD_TERMINAL', idempotencyKey: key() },
    });
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: key() },
    });
    expect(recordInStorePayment.errors.map((error) => error.code)).toEqual(['ORDER_ALREADY_PAID']);
    const { startStripePayment } = await customer.request(StartStripePaymentDocument, {
      input: { orderId: order.id },
    });
    expect(startStripePayment.errors.map((error) => error.code)).toEqual(['ORDER_ALREADY_PAID']);
  });

  it('is for staff: a customer recording their own payment is refused', async () => {
    const order = await placeOrder();
    const result = await customer.execute(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: key() },
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('refunds', () => {
  async function paidInStore() {
    const order = await placeOrder(seattle.id);
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: key() },
    });
    return { order, payment: recordInStorePayment.payment! };
  }

  it('refuses more than was paid with a clear error and writes nothing', async () => {
    const { order, payment } = await paidInStore();
    const before = await storedFor(order.id);
    const { refundPayment } = await manager.request(RefundPaymentDocument, {
      input: { paymentId: payment.id, amount: 1127, idempotencyKey: key() },
    });
    expect(refundPayment.refund).toBeNull();
    expect(refundPayment.errors).toEqual([
      { code: 'REFUND_EXCEEDS_PAID', field: ['amount'], message: 'At most 1126 USD is left to refund' },
    ]);
    expect(await storedFor(order.id)).toEqual(before);
  });

  it('gives back part, then the rest, and a repeated key refunds nothing more', async () => {
    const { order, payment } = await paidInStore();
    const input = { paymentId: payment.id, amount: 400, idempotencyKey: key() };
    const part = await manager.request(RefundPaymentDocument, { input });
    expect(part.refundPayment.payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: 400 } });
    const repeat = await manager.request(RefundPaymentDocument, { input });
    expect(repeat.refundPayment.refund!.id).toBe(part.refundPayment.refund!.id);
    expect((await orderPayments(order.id)).paymentStatus).toBe('PARTIALLY_REFUNDED');

    const rest = await manager.request(RefundPaymentDocument, {
      input: { paymentId: payment.id, idempotencyKey: key() },
    });
    expect(rest.refundPayment.refund!.amount.amount).toBe(726);
    expect(rest.refundPayment.payment!.status).toBe('REFUNDED');
    const more = await manager.request(RefundPaymentDocument, {
      input: { paymentId: payment.id, amount: 1, idempotencyKey: key() },
    });
    expect(more.refundPayment.errors.map((error) => error.code)).toEqual(['REFUND_EXCEEDS_PAID']);
    expect(await storedFor(order.id)).toMatchObject({ refunds: 2, refunded: 2 });
  });

  it('is for managers: a barista is refused', async () => {
    const { payment } = await paidInStore();
    const result = await barista.execute(RefundPaymentDocument, {
      input: { paymentId: payment.id, idempotencyKey: key() },
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe("another tenant's payments", () => {
  it('are neither seen nor refunded by its owner', async () => {
    const order = await placeOrder();
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: key() },
    });
    const paymentId = recordInStorePayment.payment!.id;
    expect((await rivalOwner.request(PaymentDocument, { id: paymentId })).payment).toBeNull();
    const { refundPayment } = await rivalOwner.request(RefundPaymentDocument, {
      input: { paymentId, idempotencyKey: key() },
    });
    expect(refundPayment.errors.map((error) => error.code)).toEqual(['PAYMENT_NOT_FOUND']);
    const { startStripePayment } = await rivalOwner.request(StartStripePaymentDocument, {
      input: { orderId: order.id },
    });
    expect(startStripePayment.errors.map((error) => error.code)).toEqual(['ORDER_NOT_FOUND']);
    expect((await manager.request(PaymentDocument, { id: paymentId })).payment!.refunded.amount).toBe(0);
  });
});

describe('revenue reports', () => {
  const thisMonth = () => {
    const now = new Date();
    return {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    };
  };
  const report = (client: GoCoffeeClient, groupBy: ('PROVIDER' | 'STORE')[]) =>
    client.request(RevenueReportDocument, { range: thisMonth(), groupBy });

  it("adds this month's payments less refunds per provider and store, each currency apart", async () => {
    const before = (await report(manager, ['PROVIDER', 'STORE'])).revenueReport;
    const order = await placeOrder(seattle.id);
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: key() },
    });
    await manager.request(RefundPaymentDocument, {
      input: { paymentId: recordInStorePayment.payment!.id, amount: 126, idempotencyKey: key() },
    });
    const after = (await report(manager, ['PROVIDER', 'STORE'])).revenueReport;
    const seattleCash = (rows: typeof after) =>
      rows.find((row) => row.provider === 'IN_STORE' && row.storeId === seattle.id);
    const was = seattleCash(before);
    expect(seattleCash(after)).toMatchObject({
      month: thisMonth().from.slice(0, 7),
      collected: { amount: (was?.collected.amount ?? 0) + 1126, currency: 'USD' },
      refunded: { amount: (was?.refunded.amount ?? 0) + 126, currency: 'USD' },
      net: { amount: (was?.net.amount ?? 0) + 1000, currency: 'USD' },
    });
    // Tokyo's yen and Seattle's dollars are never added together.
    const total = (await report(manager, [])).revenueReport;
    expect(total.map((row) => row.net.currency).sort()).toEqual(['JPY', 'USD']);
    expect(total.every((row) => row.provider === null && row.storeId === null)).toBe(true);
    const usd = after.filter((row) => row.net.currency === 'USD').reduce((sum, row) => sum + row.net.amount, 0);
    expect(total.find((row) => row.net.currency === 'USD')!.net.amount).toBe(usd);
  });

  it('shows another tenant none of it, refuses baristas, and refuses a range that ends before it starts', async () => {
    expect((await report(rivalOwner, ['PROVIDER', 'STORE'])).revenueReport).toEqual([]);
    const refused = await barista.execute(RevenueReportDocument, { range: thisMonth(), groupBy: [] });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const { from, to } = thisMonth();
    const backwards = await manager.execute(RevenueReportDocument, { range: { from: to, to: from }, groupBy: [] });
    expect(backwards.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('without PayPal credentials', () => {
  it('offers no PayPal payments, with a clear error', async () => {
    const order = await placeOrder();
    const { startPayPalPayment } = await customer.request(StartPayPalPaymentDocument, {
      input: { orderId: order.id, returnUrl: 'https://shop.example/back', cancelUrl: 'https://shop.example/cancel' },
    });
    expect(startPayPalPayment.errors.map((error) => error.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    expect(await storedFor(order.id)).toMatchObject({ payments: 0 });
  });
});
