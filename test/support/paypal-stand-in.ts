import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

/**
 * A local PayPal for the REST endpoints the payments service uses, speaking PayPal's wire format:
 * OAuth2 client credentials (Basic auth with the client id and secret it was made with, then bearer
 * tokens), JSON bodies, errors with `name` and `details[].issue`, and PayPal-Request-Id (the same
 * id on the same endpoint gives the same answer, the work done once). Orders v2 create, get and
 * capture (never twice), capture refunds (never above what was captured), payout batches
 * (refused when the sender_batch_id was used, with a link to the original) and webhook signature
 * verification (SUCCESS only for events it signed itself, unchanged, for the webhook id it was given).
 *
 * The buyer's part: `approve(orderId)` as if the buyer approved at the approval page.
 * `dropResponses(n, path)` does the work of the next n requests to a path and then cuts the
 * connection, as when an answer is lost on the way (or our process dies before recording it).
 */
export interface PayPalStandIn {
  /** For PAYPAL_API_BASE. */
  url: string;
  clientId: string;
  clientSecret: string;
  webhookId: string;
  setWebhookUrl(url: string): void;
  /** Whether events go to the webhook as they happen; off, they are only kept in `events`. */
  autoDeliver: boolean;
  orders: Map<string, StandInOrder>;
  batches: Map<string, StandInBatch>;
  events: PayPalWebhookEvent[];
  /** Tokens issued so far. */
  tokensIssued: number;
  /** Captures made (not replays). */
  captureCount: number;
  /** Every token issued so far is refused from now on, as after PayPal expired them. */
  revokeTokens(): void;
  dropResponses(count: number, path?: string): void;
  /** The next request to this path answers the status (a 5xx or 429) without doing anything. */
  failNext(path: string, status: number): void;
  /** The buyer approves the order at PayPal; `declined` makes the capture fail with INSTRUMENT_DECLINED. */
  approve(orderId: string, options?: { declined?: boolean }): PayPalWebhookEvent;
  /** PayPal pays every item of a batch out, with the item and batch webhooks. */
  completeBatch(batchId: string): PayPalWebhookEvent[];
  deliver(event: PayPalWebhookEvent, options?: DeliveryOptions): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface DeliveryOptions {
  /** Signed as given, then sent with this body instead. */
  tamper?: (payload: string) => string;
  withoutHeaders?: boolean;
  /** A signature the stand-in never made. */
  forgedSignature?: boolean;
}

export interface PayPalWebhookEvent {
  id: string;
  event_version: string;
  create_time: string;
  resource_type: string;
  event_type: string;
  summary: string;
  resource: unknown;
}

type Amount = { currency_code: string; value: string };
type Link = { href: string; rel: string; method: string };

interface StandInCapture {
  id: string;
  status: string;
  amount: Amount;
  custom_id?: string;
  final_capture: boolean;
  supplementary_data: { related_ids: { order_id: string } };
  refunded: number;
  links: Link[];
}

export interface StandInOrder {
  id: string;
  intent: string;
  status: string;
  purchase_units: {
    reference_id?: string;
    custom_id?: string;
    amount: Amount;
    payments?: { captures: StandInCapture[] };
  }[];
  links: Link[];
  declined: boolean;
}

export interface StandInBatch {
  batch_header: { payout_batch_id: string; batch_status: string; sender_batch_header: Record<string, unknown> };
  items: {
    payout_item_id: string;
    transaction_status: string;
    payout_batch_id: string;
    sender_batch_id: string;
    payout_item: {
      receiver: string;
      amount: { currency: string; value: string };
      note?: string;
      sender_item_id?: string;
    };
  }[];
}

class PayPalApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const unprocessable = (issue: string, description: string) =>
  new PayPalApiError(422, {
    name: 'UNPROCESSABLE_ENTITY',
    message: 'The requested action could not be performed, semantically incorrect, or failed business validation.',
    debug_id: randomBytes(6).toString('hex'),
    details: [{ issue, description }],
  });
const notFound = () =>
  new PayPalApiError(404, {
    name: 'RESOURCE_NOT_FOUND',
    message: 'The specified resource does not exist.',
    details: [{ issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist.' }],
  });
const invalidRequest = (field: string, issue: string) =>
  new PayPalApiError(400, {
    name: 'INVALID_REQUEST',
    message: 'Request is not well-formed, syntactically incorrect, or violates schema.',
    details: [{ field, issue, location: 'body' }],
  });

const WHOLE_UNITS = new Set(['HUF', 'JPY', 'TWD']);
const pid = (length = 17) => randomBytes(length).toString('hex').slice(0, length).toUpperCase();
const cents = (value: string) => Math.round(Number(value) * 100);
const valueOf = (amount: number, currency: string) =>
  WHOLE_UNITS.has(currency) ? String(amount / 100) : (amount / 100).toFixed(2);

export async function startPayPalStandIn(): Promise<PayPalStandIn> {
  const clientId = `client-${randomBytes(8).toString('hex')}`;
  const clientSecret = `secret-${randomBytes(16).toString('hex')}`;
  const webhookId = pid(17);
  const signingKey = randomBytes(32);
  const tokens = new Set<string>();
  const orders = new Map<string, StandInOrder>();
  const captures = new Map<string, { order: StandInOrder; capture: StandInCapture }>();
  const batches = new Map<string, StandInBatch>();
  const senderBatchIds = new Map<string, string>();
  const replies = new Map<string, { status: number; body: unknown }>();
  const dropping = new Map<string, number>();
  const failing = new Map<string, number>();
  const events: PayPalWebhookEvent[] = [];
  let webhookUrl: string | undefined;
  let url = '';

  const sign = (transmissionId: string, time: string, payload: string) =>
    createHmac('sha256', signingKey)
      .update(`${transmissionId}|${time}|${webhookId}|${crc32(payload)}`)
      .digest('base64');

  const standIn: PayPalStandIn = {
    url: '',
    clientId,
    clientSecret,
    webhookId,
    autoDeliver: false,
    orders,
    batches,
    events,
    tokensIssued: 0,
    captureCount: 0,
    setWebhookUrl: (target) => {
      webhookUrl = target;
    },
    revokeTokens: () => tokens.clear(),
    dropResponses: (count, path = '') => dropping.set(path, (dropping.get(path) ?? 0) + count),
    failNext: (path, status) => failing.set(path, status),
    approve(orderId, options = {}) {
      const order = orders.get(orderId)!;
      order.status = 'APPROVED';
      order.declined = options.declined ?? false;
      order.links = [
        link(`/v2/checkout/orders/${order.id}`, 'self'),
        link(`/v2/checkout/orders/${order.id}/capture`, 'capture', 'POST'),
      ];
      return emit('CHECKOUT.ORDER.APPROVED', 'checkout-order', order);
    },
    completeBatch(batchId) {
      const batch = batches.get(batchId)!;
      const itemEvents = batch.items.map((item) => {
        item.transaction_status = 'SUCCESS';
        return emit('PAYMENT.PAYOUTS-ITEM.SUCCEEDED', 'payouts_item', item);
      });
      batch.batch_header.batch_status = 'SUCCESS';
      return [...itemEvents, emit('PAYMENT.PAYOUTSBATCH.SUCCESS', 'payouts', { batch_header: batch.batch_header })];
    },
    async deliver(event, options = {}) {
      if (!webhookUrl) throw new Error('the stand-in has no webhook URL');
      const payload = JSON.stringify(event);
      const transmissionId = randomBytes(16).toString('hex');
      const time = new Date().toISOString();
      const signature = options.forgedSignature
        ? randomBytes(32).toString('base64')
        : sign(transmissionId, time, payload);
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.withoutHeaders
            ? {}
            : {
                'paypal-transmission-id': transmissionId,
                'paypal-transmission-time': time,
                'paypal-transmission-sig': signature,
                'paypal-cert-url': `${url}/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77`,
                'paypal-auth-algo': 'SHA256withRSA',
              }),
        },
        body: options.tamper ? options.tamper(payload) : payload,
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function link(path: string, rel: string, method = 'GET'): Link {
    return { href: `${url}${path}`, rel, method };
  }

  function emit(eventType: string, resourceType: string, resource: unknown): PayPalWebhookEvent {
    const event: PayPalWebhookEvent = {
      id: `WH-${pid(8)}-${pid(17)}`,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      event_type: eventType,
      summary: `${eventType} happened`,
      resource: strip(resource),
    };
    events.push(event);
    if (standIn.autoDeliver && webhookUrl) setTimeout(() => void standIn.deliver(event).catch(() => {}), 5);
    return event;
  }

  function checkAmount(amount: Amount | undefined, field: string): Amount {
    if (!amount || typeof amount.value !== 'string' || !/^[A-Z]{3}$/.test(amount.currency_code ?? '')) {
      throw invalidRequest(field, 'MISSING_REQUIRED_PARAMETER');
    }
    const decimals = amount.value.split('.')[1]?.length ?? 0;
    if (!/^\d+(\.\d+)?$/.test(amount.value) || decimals > (WHOLE_UNITS.has(amount.currency_code) ? 0 : 2)) {
      throw unprocessable(
        'DECIMAL_PRECISION',
        'If the currency supports decimals, only two decimal place precision is supported.',
      );
    }
    if (Number(amount.value) <= 0) throw unprocessable('AMOUNT_MISMATCH', 'The amount must be positive.');
    return { currency_code: amount.currency_code, value: amount.value };
  }

  function createOrder(body: Record<string, any>) {
    if (body.intent !== 'CAPTURE' && body.intent !== 'AUTHORIZE')
      throw invalidRequest('/intent', 'INVALID_PARAMETER_VALUE');
    const units = body.purchase_units as StandInOrder['purchase_units'] | undefined;
    if (!Array.isArray(units) || units.length !== 1)
      throw invalidRequest('/purchase_units', 'MISSING_REQUIRED_PARAMETER');
    const context = body.payment_source?.paypal?.experience_context ?? {};
    for (const field of ['return_url', 'cancel_url']) {
      if (!URL.canParse(context[field] ?? '')) {
        throw invalidRequest(`/payment_source/paypal/experience_context/${field}`, 'INVALID_PARAMETER_SYNTAX');
      }
    }
    const id = pid(17);
    const order: StandInOrder = {
      id,
      intent: body.intent,
      status: 'PAYER_ACTION_REQUIRED',
      purchase_units: units.map((unit) => ({
        reference_id: unit.reference_id ?? 'default',
        custom_id: unit.custom_id,
        amount: checkAmount(unit.amount, '/purchase_units/@reference_id==default/amount'),
      })),
      links: [],
      declined: false,
    };
    order.links = [
      link(`/v2/checkout/orders/${id}`, 'self'),
      { href: `${url}/checkoutnow?token=${id}`, rel: 'payer-action', method: 'GET' },
    ];
    orders.set(id, order);
    return { status: 200, body: order };
  }

  function captureOrder(order: StandInOrder) {
    if (order.status === 'COMPLETED') throw unprocessable('ORDER_ALREADY_CAPTURED', 'Order already captured.');
    if (order.status !== 'APPROVED') {
      throw unprocessable('ORDER_NOT_APPROVED', 'Payer has not yet approved the Order for payment.');
    }
    if (order.declined) {
      throw unprocessable(
        'INSTRUMENT_DECLINED',
        'The instrument presented was either declined by the processor or bank.',
      );
    }
    const unit = order.purchase_units[0]!;
    const capture: StandInCapture = {
      id: pid(17),
      status: 'COMPLETED',
      amount: unit.amount,
      custom_id: unit.custom_id,
      final_capture: true,
      supplementary_data: { related_ids: { order_id: order.id } },
      refunded: 0,
      links: [],
    };
    capture.links = [
      link(`/v2/payments/captures/${capture.id}`, 'self'),
      link(`/v2/payments/captures/${capture.id}/refund`, 'refund', 'POST'),
    ];
    standIn.captureCount += 1;
    unit.payments = { captures: [capture] };
    order.status = 'COMPLETED';
    captures.set(capture.id, { order, capture });
    emit('PAYMENT.CAPTURE.COMPLETED', 'capture', capture);
    return { status: 201, body: order };
  }

  function refundCapture(captureId: string, body: Record<string, any>) {
    const found = captures.get(captureId);
    if (!found) throw notFound();
    const { capture } = found;
    const currency = capture.amount.currency_code;
    const captured = cents(capture.amount.value);
    const left = captured - capture.refunded;
    if (left <= 0) throw unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded.');
    const amount = body.amount ? cents(checkAmount(body.amount, '/amount').value) : left;
    if (body.amount && body.amount.currency_code !== currency)
      throw unprocessable('CURRENCY_MISMATCH', 'Currency does not match.');
    if (amount > left) {
      throw unprocessable(
        'REFUND_AMOUNT_EXCEEDED',
        'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
      );
    }
    capture.refunded += amount;
    capture.status = capture.refunded === captured ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    const refund = {
      id: pid(17),
      status: 'COMPLETED',
      amount: { currency_code: currency, value: valueOf(amount, currency) },
      note_to_payer: body.note_to_payer,
      seller_payable_breakdown: {
        total_refunded_amount: { currency_code: currency, value: valueOf(capture.refunded, currency) },
      },
      links: [link(`/v2/payments/refunds/${pid()}`, 'self'), link(`/v2/payments/captures/${capture.id}`, 'up')],
    };
    emit('PAYMENT.CAPTURE.REFUNDED', 'refund', refund);
    return { status: 201, body: refund };
  }

  function createBatch(body: Record<string, any>) {
    const senderBatchId = body.sender_batch_header?.sender_batch_id;
    if (typeof senderBatchId !== 'string' || !senderBatchId) {
      throw invalidRequest('sender_batch_header.sender_batch_id', 'MISSING_REQUIRED_PARAMETER');
    }
    const original = senderBatchIds.get(senderBatchId);
    if (original) {
      throw new PayPalApiError(400, {
        name: 'USER_BUSINESS_ERROR',
        message: 'User business error.',
        details: [
          {
            field: 'SENDER_BATCH_ID',
            location: 'body',
            issue: 'Batch with given sender_batch_id already exists',
            link: [link(`/v1/payments/payouts/${original}`, 'self')],
          },
        ],
      });
    }
    const items = body.items as StandInBatch['items'][number]['payout_item'][];
    if (!Array.isArray(items) || items.length === 0) throw invalidRequest('items', 'MISSING_REQUIRED_PARAMETER');
    const batchId = pid(13);
    const batch: StandInBatch = {
      batch_header: {
        payout_batch_id: batchId,
        batch_status: 'PENDING',
        sender_batch_header: body.sender_batch_header,
      },
      items: items.map((item) => ({
        payout_item_id: pid(13),
        transaction_status: 'PENDING',
        payout_batch_id: batchId,
        sender_batch_id: senderBatchId,
        payout_item: item,
      })),
    };
    batches.set(batchId, batch);
    senderBatchIds.set(senderBatchId, batchId);
    return {
      status: 201,
      body: { batch_header: batch.batch_header, links: [link(`/v1/payments/payouts/${batchId}`, 'self')] },
    };
  }

  function verify(body: Record<string, any>) {
    const expected =
      typeof body.transmission_id === 'string' && typeof body.transmission_time === 'string'
        ? Buffer.from(sign(body.transmission_id, body.transmission_time, JSON.stringify(body.webhook_event)))
        : null;
    const given = Buffer.from(String(body.transmission_sig ?? ''));
    const signed = expected !== null && expected.length === given.length && timingSafeEqual(expected, given);
    return {
      status: 200,
      body: { verification_status: signed && body.webhook_id === webhookId ? 'SUCCESS' : 'FAILURE' },
    };
  }

  function route(method: string, path: string, body: Record<string, any>): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v2/checkout/orders') return createOrder(body);
    const orderPath = /^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/.exec(path);
    const order = orderPath && orders.get(orderPath[1]!);
    if (orderPath && !order) throw notFound();
    if (method === 'GET' && order && !orderPath![2]) return { status: 200, body: order };
    if (method === 'POST' && order && orderPath![2]) return captureOrder(order);
    const refundPath = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path);
    if (method === 'POST' && refundPath) return refundCapture(refundPath[1]!, body);
    if (method === 'POST' && path === '/v1/payments/payouts') return createBatch(body);
    const batchPath = /^\/v1\/payments\/payouts\/([^/]+)$/.exec(path);
    if (method === 'GET' && batchPath) {
      const batch = batches.get(batchPath[1]!);
      if (!batch) throw notFound();
      return { status: 200, body: batch };
    }
    if (method === 'POST' && path === '/v1/notifications/verify-webhook-signature') return verify(body);
    throw notFound();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const method = req.method ?? 'GET';
    const send = (status: number, payload: unknown) => {
      const lost = [path, ''].find((candidate) => (dropping.get(candidate) ?? 0) > 0);
      if (lost !== undefined) {
        dropping.set(lost, dropping.get(lost)! - 1);
        req.socket.destroy();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': pid(12).toLowerCase() });
      res.end(JSON.stringify(payload));
    };
    const failure = failing.get(path);
    if (failure) {
      failing.delete(path);
      send(failure, { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred.' });
      return;
    }
    if (method === 'POST' && path === '/v1/oauth2/token') {
      const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== basic || new URLSearchParams(text).get('grant_type') !== 'client_credentials') {
        send(401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
        return;
      }
      const token = `A21AA${randomBytes(24).toString('base64url')}`;
      tokens.add(token);
      standIn.tokensIssued += 1;
      send(200, {
        scope: 'https://uri.paypal.com/services/payments/payment',
        access_token: token,
        token_type: 'Bearer',
        app_id: 'APP-80W284485P519543T',
        expires_in: 32400,
        nonce: pid(20),
      });
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) {
      send(401, { error: 'invalid_token', error_description: 'Token signature verification failed' });
      return;
    }
    const requestId = req.headers['paypal-request-id'];
    const replyKey = typeof requestId === 'string' ? `${method} ${path} ${requestId}` : null;
    const earlier = replyKey && replies.get(replyKey);
    if (earlier) {
      send(earlier.status === 201 ? 200 : earlier.status, earlier.body);
      return;
    }
    let reply: { status: number; body: unknown };
    try {
      const parsed = text ? (JSON.parse(text) as Record<string, any>) : {};
      reply = route(method, path, parsed);
      reply = { status: reply.status, body: strip(reply.body) };
    } catch (error) {
      if (error instanceof SyntaxError)
        reply = {
          status: 400,
          body: { name: 'MALFORMED_REQUEST_JSON', message: 'The request JSON is not well formed.' },
        };
      else if (error instanceof PayPalApiError) reply = { status: error.status, body: error.body };
      else throw error;
    }
    if (replyKey) replies.set(replyKey, reply);
    send(reply.status, reply.body);
  }

  /** The stand-in's bookkeeping (a refused card, amounts refunded) is not part of PayPal's answers. */
  function strip(body: unknown): unknown {
    return JSON.parse(
      JSON.stringify(body, (key, value) => (key === 'declined' || key === 'refunded' ? undefined : value)),
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.url = url;
  return standIn;
}
