import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptOrderDocument,
  CapturePayPalPaymentDocument,
  CreatePayoutDocument,
  PaymentDocument,
  PayoutsDocument,
  RecordInStorePaymentDocument,
  RefundPaymentDocument,
  StartPayPalPaymentDocument,
  UpdateStoreDocument,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import { PayPalClient } from '../subgraphs/payments/paypal/paypal-client.ts';
import { createPayoutRefresh } from '../subgraphs/payments/paypal/payout-refresh.ts';
import { createMenuFixture, type MenuFixture } from './support/menu-fixtures.ts';
import { orderPayments as paymentsOf, placePayableOrder } from './support/payable-order.ts';
import { startPayPalStandIn, type PayPalStandIn } from './support/paypal-stand-in.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';
import { eventually } from './support/eventually.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const [seattle, , tokyo] = demo.stores as [DemoTenant['stores'][0], DemoTenant['stores'][0], DemoTenant['stores'][0]];
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
const RETURN = { returnUrl: 'https://shop.example/paypal/return', cancelUrl: 'https://shop.example/paypal/cancel' };

let paypal: PayPalStandIn;
let platform: TestPlatform;
let menu: MenuFixture;
let owner: GoCoffeeClient;
let customer: GoCoffeeClient;
let barista: GoCoffeeClient;
let manager: GoCoffeeClient;
let rivalOwner: GoCoffeeClient;
let keys = 0;
const key = () => `paypal-test-${++keys}`;

beforeAll(async () => {
  paypal = await startPayPalStandIn();
  platform = await startTestPlatform({
    PAYPAL_CLIENT_ID: paypal.clientId,
    PAYPAL_CLIENT_SECRET: paypal.clientSecret,
    PAYPAL_WEBHOOK_ID: paypal.webhookId,
    PAYPAL_API_BASE: paypal.url,
  });
  const payments = platform.subgraphs.find((subgraph) => subgraph.name === 'payments')!;
  paypal.setWebhookUrl(payments.url.replace(/\/graphql$/, '/webhooks/paypal'));
  menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
  [owner, customer, barista, manager, rivalOwner] = await Promise.all([
    signInAs(platform.gatewayUrl, demo, 'OWNER'),
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
});
afterAll(async () => {
  await Promise.all([owner, customer, barista, manager, rivalOwner].map((client) => client?.dispose()));
  await platform?.stop();
  await paypal?.close();
});

const placeOrder = (storeId = tokyo.id) =>
  placePayableOrder({ customer, staff: manager, menu, storeId, idempotencyKey: key() });

const orderPayments = (orderId: string) => paymentsOf(manager, orderId);

async function startPayPal(orderId: string, client = customer) {
  const { startPayPalPayment } = await client.request(StartPayPalPaymentDocument, { input: { orderId, ...RETURN } });
  expect(startPayPalPayment.errors).toEqual([]);
  return startPayPalPayment;
}

const capture = async (paymentId: string, client = customer) =>
  (await client.request(CapturePayPalPaymentDocument, { input: { paymentId } })).capturePayPalPayment;

/** What the payments service's database holds for an order's payments, as its own tables say. */
async function storedFor(orderId: string) {
  return subgraphDatabase(platform, 'payments').system(async (db) => {
    const [row] = (await db.query(
      `SELECT (SELECT count(*) FROM payments.payments WHERE order_id = $1)::int AS payments,
              (SELECT count(*) FROM payments.outbox_events
                WHERE payload->>'orderId' = $1::text AND type = 'PaymentSucceeded')::int AS succeeded,
              (SELECT count(*) FROM payments.outbox_events
                WHERE payload->>'orderId' = $1::text AND type = 'PaymentRefunded')::int AS refunded,
              (SELECT count(*) FROM payments.webhook_events WHERE provider = 'PAYPAL')::int AS webhooks`,
      [orderId],
    )) as { payments: number; succeeded: number; refunded: number; webhooks: number }[];
    return row!;
  });
}

const errorCodes = (payload: { errors: { code: string }[] }) => payload.errors.map((error) => error.code);

describe('paying an order with PayPal through the gateway', () => {
  it('collects the total once the buyer approved and returned; the kitchen may accept; part then all is refunded', async () => {
    const order = await placeOrder();
    const started = await startPayPal(order.id);
    const paypalOrder = paypal.orders.get(started.payment!.providerReference!)!;
    expect(started.approveUrl).toBe(`${paypal.url}/checkoutnow?token=${paypalOrder.id}`);
    // Yen have no decimals at PayPal either: 1,260 yen is "1260".
    expect(paypalOrder.purchase_units).toEqual([
      { reference_id: order.id, custom_id: started.payment!.id, amount: { currency_code: 'JPY', value: '1260' } },
    ]);
    expect(started.payment).toMatchObject({ provider: 'PAYPAL', status: 'PENDING', amount: order.total });
    const again = await startPayPal(order.id, barista);
    expect(again.payment!.id).toBe(started.payment!.id);
    expect(again.approveUrl).toBe(started.approveUrl);

    const early = await capture(started.payment!.id);
    expect(errorCodes(early)).toEqual(['PAYMENT_NOT_APPROVED']);
    paypal.approve(paypalOrder.id);
    const captured = await capture(started.payment!.id);
    expect(captured.errors).toEqual([]);
    expect(captured.payment).toMatchObject({ status: 'SUCCEEDED' });
    const repeated = await capture(started.payment!.id);
    expect(repeated).toMatchObject({ errors: [], payment: { id: started.payment!.id, status: 'SUCCEEDED' } });
    expect(paypalOrder.purchase_units[0]!.payments!.captures).toHaveLength(1);

    await eventually(async () => expect((await orderPayments(order.id)).paidAt).toBeTruthy());
    const { acceptOrder } = await barista.request(AcceptOrderDocument, { input: { orderId: order.id } });
    expect(acceptOrder).toMatchObject({ errors: [], order: { status: 'ACCEPTED' } });

    const part = await manager.request(RefundPaymentDocument, {
      input: { paymentId: started.payment!.id, amount: 500, reason: 'One latte spilled', idempotencyKey: key() },
    });
    expect(part.refundPayment.errors).toEqual([]);
    expect(part.refundPayment.payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: 500 } });
    const rest = await manager.request(RefundPaymentDocument, {
      input: { paymentId: started.payment!.id, idempotencyKey: key() },
    });
    expect(rest.refundPayment.refund).toMatchObject({ status: 'SUCCEEDED', amount: { amount: 760, currency: 'JPY' } });
    expect(rest.refundPayment.payment).toMatchObject({ status: 'REFUNDED' });
    expect(paypalOrder.purchase_units[0]!.payments!.captures[0]!.status).toBe('REFUNDED');
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('REFUNDED'));
    expect(await storedFor(order.id)).toMatchObject({ payments: 1, succeeded: 1, refunded: 2 });
  });

  it('refuses a refund above what was paid with a clear error, and PayPal refunds nothing', async () => {
    const order = await placeOrder(seattle.id);
    const { payment } = await startPayPal(order.id);
    paypal.approve(payment!.providerReference!);
    await capture(payment!.id);
    const before = await storedFor(order.id);
    const { refundPayment } = await manager.request(RefundPaymentDocument, {
      input: { paymentId: payment!.id, amount: 1127, idempotencyKey: key() },
    });
    expect(refundPayment.errors).toEqual([
      { code: 'REFUND_EXCEEDS_PAID', field: ['amount'], message: 'At most 1126 USD is left to refund' },
    ]);
    expect(paypal.orders.get(payment!.providerReference!)!.purchase_units[0]!.payments!.captures[0]!.status).toBe(
      'COMPLETED',
    );
    expect(await storedFor(order.id)).toEqual(before);
  });

  it("captures once when PayPal's answer to the capture was lost and the capture is asked again", async () => {
    const order = await placeOrder();
    const { payment } = await startPayPal(order.id);
    const paypalOrderId = payment!.providerReference!;
    paypal.approve(paypalOrderId);
    const capturesBefore = paypal.captureCount;
    // PayPal captures; the answer never reaches us, as if our process died before recording it.
    paypal.dropResponses(1, `/v2/checkout/orders/${paypalOrderId}/capture`);
    const lost = await capture(payment!.id);
    expect(errorCodes(lost)).toEqual(['PAYMENT_PROVIDER_UNAVAILABLE']);
    expect(lost.payment).toMatchObject({ status: 'PENDING' });
    expect(paypal.captureCount).toBe(capturesBefore + 1);

    const retried = await capture(payment!.id);
    expect(retried).toMatchObject({ errors: [], payment: { status: 'SUCCEEDED' } });
    expect(paypal.captureCount).toBe(capturesBefore + 1);
    await eventually(async () => expect((await orderPayments(order.id)).paymentStatus).toBe('PAID'));
    expect(await storedFor(order.id)).toMatchObject({ payments: 1, succeeded: 1 });
  });

  it('records a declined capture as FAILED, and a new PayPal order then collects the total', async () => {
    const order = await placeOrder(seattle.id);
    const first = await startPayPal(order.id);
    paypal.approve(first.payment!.providerReference!, { declined: true });
    const declined = await capture(first.payment!.id);
    expect(errorCodes(declined)).toEqual(['PAYMENT_REFUSED']);
    expect(declined.payment).toMatchObject({ status: 'FAILED' });
    expect((await orderPayments(order.id)).paymentStatus).toBe('FAILED');

    const second = await startPayPal(order.id);
    expect(second.payment!.id).not.toBe(first.payment!.id);
    paypal.approve(second.payment!.providerReference!);
    expect(await capture(second.payment!.id)).toMatchObject({ errors: [], payment: { status: 'SUCCEEDED' } });
  });

  it('refunds nothing while PayPal is down, and once when the refund is asked again with its key', async () => {
    const order = await placeOrder(seattle.id);
    const { payment } = await startPayPal(order.id);
    paypal.approve(payment!.providerReference!);
    const { payment: captured } = await capture(payment!.id);
    const captureId = paypal.orders.get(captured!.providerReference!)!.purchase_units[0]!.payments!.captures[0]!.id;
    paypal.failNext(`/v2/payments/captures/${captureId}/refund`, 503);
    const input = { paymentId: payment!.id, idempotencyKey: key() };
    const { refundPayment: down } = await manager.request(RefundPaymentDocument, { input });
    expect(down.errors).toEqual([
      {
        code: 'PAYMENT_PROVIDER_UNAVAILABLE',
        field: null,
        message: 'PAYPAL cannot be reached just now: try again in a moment',
      },
    ]);
    expect((await orderPayments(order.id)).paymentStatus).toBe('PAID');

    const { refundPayment: retried } = await manager.request(RefundPaymentDocument, { input });
    expect(retried).toMatchObject({ errors: [], payment: { status: 'REFUNDED' } });
    expect(await storedFor(order.id)).toMatchObject({ refunded: 1 });
  });

  it('asks PayPal for a new token once the old one is refused, and goes on', async () => {
    const order = await placeOrder();
    const issued = paypal.tokensIssued;
    paypal.revokeTokens();
    await startPayPal(order.id);
    expect(paypal.tokensIssued).toBe(issued + 1);
  });

  it('refuses URLs that are not http or https and ids that name nothing, with clear errors', async () => {
    const order = await placeOrder();
    const { startPayPalPayment: badUrls } = await customer.request(StartPayPalPaymentDocument, {
      input: { orderId: order.id, returnUrl: 'javascript:alert(1)', cancelUrl: 'ftp://shop.example/' },
    });
    expect(badUrls.payment).toBeNull();
    expect(badUrls.errors.map((error) => [error.code, error.field])).toEqual([
      ['INVALID_URL', ['returnUrl']],
      ['INVALID_URL', ['cancelUrl']],
    ]);
    const { startPayPalPayment: noOrder } = await customer.request(StartPayPalPaymentDocument, {
      input: { orderId: 'not-an-order', ...RETURN },
    });
    expect(errorCodes(noOrder)).toEqual(['ORDER_NOT_FOUND']);
    expect(errorCodes(await capture('not-a-payment'))).toEqual(['PAYMENT_NOT_FOUND']);
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: key() },
    });
    expect(errorCodes(await capture(recordInStorePayment.payment!.id, barista))).toEqual(['PAYMENT_NOT_FOUND']);
    expect(paypal.orders.size).toBeGreaterThan(0);
    expect([...paypal.orders.values()].some((found) => found.purchase_units[0]!.reference_id === order.id)).toBe(false);
  });

  it("keeps another tenant's PayPal payment out of reach of its owner", async () => {
    const order = await placeOrder();
    const { payment } = await startPayPal(order.id);
    paypal.approve(payment!.providerReference!);
    expect((await rivalOwner.request(PaymentDocument, { id: payment!.id })).payment).toBeNull();
    expect(errorCodes(await capture(payment!.id, rivalOwner))).toEqual(['PAYMENT_NOT_FOUND']);
    expect((await manager.request(PaymentDocument, { id: payment!.id })).payment!.status).toBe('PENDING');
  });
});

describe('PayPal webhooks', () => {
  async function approvedAtPayPal(storeId = seattle.id) {
    const order = await placeOrder(storeId);
    const { payment } = await startPayPal(order.id);
    const approved = paypal.approve(payment!.providerReference!);
    return { order, payment: payment!, approved };
  }

  it('capture an approved order, so a buyer who closes the tab still pays', async () => {
    const { order, payment, approved } = await approvedAtPayPal();
    expect(await paypal.deliver(approved)).toMatchObject({ status: 200, body: { received: true } });
    expect((await manager.request(PaymentDocument, { id: payment.id })).payment!.status).toBe('SUCCEEDED');
    expect(paypal.orders.get(payment.providerReference!)!.purchase_units[0]!.amount.value).toBe('11.26');
    await eventually(async () => expect((await orderPayments(order.id)).paidAt).toBeTruthy());
  });

  it('apply an event delivered 10 times at once exactly once: one capture at PayPal, one payment', async () => {
    const { order, approved } = await approvedAtPayPal();
    const before = await storedFor(order.id);
    const captures = paypal.captureCount;
    const answers = await Promise.all(Array.from({ length: 10 }, () => paypal.deliver(approved)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => (answer.body as { duplicate: boolean }).duplicate)).toHaveLength(9);
    expect(paypal.captureCount).toBe(captures + 1);
    const after = await storedFor(order.id);
    expect(after).toMatchObject({ payments: 1, succeeded: 1, webhooks: before.webhooks + 1 });
  });

  it('answer 400 and change nothing for a forged, altered or unsigned delivery', async () => {
    const { order, payment, approved } = await approvedAtPayPal();
    const before = await storedFor(order.id);
    const captures = paypal.captureCount;
    const answers = await Promise.all([
      paypal.deliver(approved, { forgedSignature: true }),
      paypal.deliver(approved, { tamper: (body) => body.replace('"11.26"', '"0.01"') }),
      paypal.deliver(approved, { withoutHeaders: true }),
      paypal.deliver(approved, { tamper: () => 'not json' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(paypal.captureCount).toBe(captures);
    expect(await storedFor(order.id)).toEqual(before);
    expect((await manager.request(PaymentDocument, { id: payment.id })).payment!.status).toBe('PENDING');
  });

  it('take a refund made at PayPal into account, and a late capture report changes nothing more', async () => {
    const { order, payment } = await approvedAtPayPal();
    await capture(payment.id);
    const events = paypal.events.filter(
      (event) =>
        (event.resource as { supplementary_data?: { related_ids: { order_id: string } } }).supplementary_data
          ?.related_ids.order_id === payment.providerReference,
    );
    const completed = events.find((event) => event.event_type === 'PAYMENT.CAPTURE.COMPLETED')!;
    const captureId = (completed.resource as { id: string }).id;
    // A refund from the PayPal dashboard: only its webhook tells us.
    const response = await fetch(`${paypal.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${paypal.clientId}:${paypal.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    await fetch(`${paypal.url}/v2/payments/captures/${captureId}/refund`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: { currency_code: 'USD', value: '3.00' } }),
    });
    const refunded = paypal.events.at(-1)!;
    expect(refunded.event_type).toBe('PAYMENT.CAPTURE.REFUNDED');
    expect((await paypal.deliver(refunded)).status).toBe(200);
    expect((await paypal.deliver(completed)).status).toBe(200);
    expect((await manager.request(PaymentDocument, { id: payment.id })).payment).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded: { amount: 300 },
    });
    expect(await storedFor(order.id)).toMatchObject({ succeeded: 1, refunded: 1 });
  });
});

describe('payouts', () => {
  const TIPS = [
    { receiver: 'ana@staff.example', amount: 1500, currency: 'USD', note: 'Tips, week 48' },
    { receiver: 'kenji@staff.example', amount: 2000, currency: 'JPY' },
  ];

  it('send one batch for a repeated key, and PayPal’s webhooks mark it paid', async () => {
    const input = { items: TIPS, idempotencyKey: key() };
    const { createPayout: first } = await owner.request(CreatePayoutDocument, { input });
    expect(first.errors).toEqual([]);
    // PayPal accepted the batch; the items have no status of their own until PayPal reports one.
    expect(first.payout).toMatchObject({ status: 'PENDING', items: [{ status: null }, { status: null }] });
    const batch = paypal.batches.get(first.payout!.batchReference!)!;
    expect(batch.batch_header.sender_batch_header.sender_batch_id).toBe(first.payout!.id);
    expect(batch.items.map((item) => item.payout_item.amount)).toEqual([
      { currency: 'USD', value: '15.00' },
      { currency: 'JPY', value: '2000' },
    ]);
    const { createPayout: again } = await owner.request(CreatePayoutDocument, { input });
    expect(again.payout!.id).toBe(first.payout!.id);
    const batchesOfIt = [...paypal.batches.values()].filter(
      (found) => found.batch_header.sender_batch_header.sender_batch_id === first.payout!.id,
    );
    expect(batchesOfIt).toHaveLength(1);

    const events = paypal.completeBatch(batch.batch_header.payout_batch_id);
    for (const event of [...events].reverse()) expect((await paypal.deliver(event)).status).toBe(200);
    expect((await paypal.deliver(events[0]!)).body).toMatchObject({ duplicate: true });
    const { payouts } = await owner.request(PayoutsDocument, { first: 100 });
    const listed = payouts.edges.find((edge) => edge.node.id === first.payout!.id)!.node;
    expect(listed).toMatchObject({ status: 'SUCCESS', items: [{ status: 'SUCCESS' }, { status: 'SUCCESS' }] });
  });

  it('end where PayPal says when their webhooks never arrived, read back from PayPal', async () => {
    const { createPayout } = await owner.request(CreatePayoutDocument, {
      input: { items: TIPS, idempotencyKey: key() },
    });
    paypal.completeBatch(createPayout.payout!.batchReference!);
    const refresh = createPayoutRefresh(
      subgraphDatabase(platform, 'payments'),
      new PayPalClient(paypal.url, paypal.clientId, paypal.clientSecret),
      pino({ level: 'silent' }),
      0,
    );
    expect(await refresh()).toBeGreaterThanOrEqual(1);
    const { payouts } = await owner.request(PayoutsDocument, { first: 100 });
    expect(payouts.edges.find((edge) => edge.node.id === createPayout.payout!.id)!.node).toMatchObject({
      status: 'SUCCESS',
      items: [{ status: 'SUCCESS' }, { status: 'SUCCESS' }],
    });
  });

  it("pays once when PayPal's answer was lost and the payout is asked again with its key", async () => {
    const input = { items: TIPS.slice(0, 1), idempotencyKey: key() };
    paypal.dropResponses(1, '/v1/payments/payouts');
    const { createPayout: lost } = await owner.request(CreatePayoutDocument, { input });
    expect(errorCodes(lost)).toEqual(['PAYMENT_PROVIDER_UNAVAILABLE']);
    expect(lost.payout).toMatchObject({ status: 'REQUESTED', batchReference: null });

    const { createPayout: retried } = await owner.request(CreatePayoutDocument, { input });
    expect(retried).toMatchObject({ errors: [], payout: { id: lost.payout!.id, status: 'PENDING' } });
    const batchesOfIt = [...paypal.batches.values()].filter(
      (found) => found.batch_header.sender_batch_header.sender_batch_id === lost.payout!.id,
    );
    expect(batchesOfIt.map((found) => found.batch_header.payout_batch_id)).toEqual([retried.payout!.batchReference]);
  });

  it('refuse bad items with clear errors and send nothing', async () => {
    const batches = paypal.batches.size;
    const { createPayout } = await owner.request(CreatePayoutDocument, {
      input: {
        idempotencyKey: key(),
        items: [
          { receiver: 'not an email', amount: 100, currency: 'USD' },
          { receiver: 'ana@staff.example', amount: 0, currency: 'USD' },
          { receiver: 'ana@staff.example', amount: 100, currency: 'usd' },
          { receiver: 'ana@staff.example', amount: 150_050, currency: 'TWD' },
        ],
      },
    });
    expect(createPayout.payout).toBeNull();
    expect(createPayout.errors.map((error) => [error.code, error.field])).toEqual([
      ['INVALID_RECEIVER', ['items', '0', 'receiver']],
      ['INVALID_AMOUNT', ['items', '1', 'amount']],
      ['INVALID_CURRENCY', ['items', '2', 'currency']],
      ['INVALID_AMOUNT', ['items', '3', 'amount']],
    ]);
    const tooMany = Array.from({ length: 101 }, () => TIPS[0]!);
    const { createPayout: many } = await owner.request(CreatePayoutDocument, {
      input: { idempotencyKey: key(), items: tooMany },
    });
    expect(errorCodes(many)).toEqual(['INVALID_ITEMS']);
    expect(paypal.batches.size).toBe(batches);
  });

  it("are for owners and admins, and another tenant's payouts are not listed", async () => {
    const { createPayout } = await owner.request(CreatePayoutDocument, {
      input: { items: TIPS.slice(0, 1), idempotencyKey: key() },
    });
    const refused = await manager.execute(CreatePayoutDocument, {
      input: { items: TIPS.slice(0, 1), idempotencyKey: key() },
    });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const { payouts } = await rivalOwner.request(PayoutsDocument, { first: 100 });
    expect(payouts.edges.map((edge) => edge.node.id)).not.toContain(createPayout.payout!.id);
  });
});
