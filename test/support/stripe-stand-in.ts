import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeBilling, type StripeBillingStandIn } from './stripe-billing-stand-in.ts';

/**
 * A local Stripe for the endpoints the payments service uses, speaking Stripe's wire format:
 * form-encoded POSTs with a bearer secret key, JSON objects and errors as Stripe shapes them, and
 * Idempotency-Key semantics (the same key and parameters give the same response; other parameters
 * an idempotency_error). It signs and sends webhooks to the endpoint it is given, as Stripe does.
 *
 * Cards: `pm_card_visa` succeeds, `pm_card_chargeDeclined` is declined. `dropResponses(n)` does the
 * work of the next n requests and then cuts the connection, as when an answer is lost on the way.
 */
export interface StripeStandIn {
  /** For STRIPE_API_BASE. */
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** Where events go; until set (or with `autoDeliver` off) they are only kept in `events`. */
  setWebhookUrl(url: string): void;
  autoDeliver: boolean;
  intents: Map<string, Stripe.PaymentIntent>;
  /** Every event made, oldest first. */
  events: Stripe.Event[];
  /** The requests that created an intent, counted per call (replays included). */
  createCalls: number;
  /** Only for requests to `path` when one is given. */
  dropResponses(count: number, path?: string): void;
  /**
   * The next request to this path (`/v1/subscriptions`) is answered with this Stripe error instead
   * of being carried out, and not retried by the client (`Stripe-Should-Retry: false`).
   */
  refuseNext(path: string, status: number, error: StripeErrorBody): void;
  /** Stripe Billing: customers, subscriptions, invoices, meter events. */
  billing: StripeBillingStandIn;
  /** Every refund made, by id. */
  refunds: Map<string, Stripe.Refund>;
  /** New refunds stay `pending` until `settleRefund`, as bank transfers and some cards do. */
  holdRefunds: boolean;
  /**
   * A refund's outcome arrives: `refund.updated` (and `refund.failed` when it failed); a failed or
   * cancelled refund's amount is taken off the charge's refunded total again.
   */
  settleRefund(refundId: string, status: 'succeeded' | 'failed' | 'canceled'): Stripe.Event[];
  /** Opens a dispute on an intent's charge, as a cardholder's bank would. */
  dispute(intentId: string, status?: Stripe.Dispute.Status): Stripe.Event;
  /** Sends an event to the webhook endpoint, signed unless told otherwise; answers the status. */
  deliver(event: Stripe.Event, options?: DeliveryOptions): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface DeliveryOptions {
  secret?: string;
  /** Unix seconds the signature claims. */
  timestamp?: number;
  /** Signed as given, then sent with this body instead. */
  tamper?: (payload: string) => string;
  withoutSignature?: boolean;
}

// Stripe's form encoding nests with brackets (`items[0][price]`, `metadata[tenant_id]`).
type Params = Record<string, any>;

export interface StripeErrorBody {
  type: string;
  code?: string;
  message: string;
  param?: string;
  payment_intent?: unknown;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding, brackets nesting objects (`items[0][price]=...`); list indexes become keys. */
function parseForm(body: string): Params {
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]$/).filter((part) => part !== '');
    let target = params;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Params;
    target[path.at(-1)!] = value;
  }
  return params;
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const intents = new Map<string, Stripe.PaymentIntent>();
  const charges = new Map<string, Stripe.Charge>();
  const refunds = new Map<string, Stripe.Refund>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const events: Stripe.Event[] = [];
  let webhookUrl: string | undefined;
  // Answers still to lose, by path ('' for any path).
  const dropping = new Map<string, number>();
  const refusals = new Map<string, StripeApiError>();
  const billing = createStripeBilling(
    (type, object) => emit(type, object),
    (status, body) => new StripeApiError(status, body),
  );

  const standIn: StripeStandIn = {
    url: '',
    secretKey,
    webhookSecret,
    autoDeliver: true,
    intents,
    events,
    createCalls: 0,
    billing: billing.state,
    refunds,
    holdRefunds: false,
    settleRefund(refundId, status) {
      const refund = refunds.get(refundId)!;
      refund.status = status;
      if (status !== 'succeeded') {
        refund.failure_reason = status === 'failed' ? 'expired_or_canceled_card' : undefined;
        const charge = charges.get(refund.charge as string)!;
        charge.amount_refunded -= refund.amount;
        charge.refunded = false;
      }
      return [
        emit('refund.updated', structuredClone(refund)),
        ...(status === 'failed' ? [emit('refund.failed', structuredClone(refund))] : []),
      ];
    },
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    dropResponses: (count, path = '') => {
      dropping.set(path, (dropping.get(path) ?? 0) + count);
    },
    refuseNext: (path, status, error) => {
      refusals.set(path, new StripeApiError(status, error));
    },
    dispute(intentId, status = 'needs_response') {
      const intent = intents.get(intentId)!;
      const dispute = {
        id: id('dp'),
        object: 'dispute',
        amount: intent.amount,
        currency: intent.currency,
        charge: intent.latest_charge,
        payment_intent: intent.id,
        reason: 'fraudulent',
        status,
        created: now(),
        livemode: false,
        metadata: {},
      } as unknown as Stripe.Dispute;
      const closed = ['won', 'lost', 'warning_closed'].includes(status);
      return emit(closed ? 'charge.dispute.closed' : 'charge.dispute.created', dispute);
    },
    deliver: async (event, options = {}) => {
      if (!webhookUrl) throw new Error('the stand-in has no webhook URL');
      const payload = JSON.stringify(event, null, 2);
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: options.secret ?? webhookSecret,
        ...(options.timestamp ? { timestamp: options.timestamp } : {}),
      });
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(options.withoutSignature ? {} : { 'stripe-signature': signature }),
        },
        body: options.tamper ? options.tamper(payload) : payload,
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function emit(type: string, object: unknown): Stripe.Event {
    const event = {
      id: id('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    events.push(event);
    if (standIn.autoDeliver && webhookUrl) {
      // After the answer, as Stripe does: the client hears of the payment before our endpoint may.
      setTimeout(() => void standIn.deliver(event).catch(() => {}), 5);
    }
    return event;
  }

  const intentOf = (intentId: string | undefined) => {
    const intent = intentId && intents.get(intentId);
    if (!intent) {
      throw new StripeApiError(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such payment_intent: '${intentId}'`,
        param: 'intent',
      });
    }
    return intent;
  };

  const unexpectedState = (intent: Stripe.PaymentIntent, action: string) =>
    new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}.`,
      payment_intent: intent,
    });

  function createIntent(params: Params): Stripe.PaymentIntent {
    standIn.createCalls += 1;
    const amount = Number(params.amount);
    if (!Number.isInteger(amount) || amount < 1 || typeof params.currency !== 'string') {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        message: 'Invalid amount or currency',
        param: 'amount',
      });
    }
    const intentId = id('pi');
    const intent = {
      id: intentId,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency: params.currency,
      status: 'requires_payment_method',
      client_secret: `${intentId}_secret_${randomBytes(12).toString('hex')}`,
      metadata: (params.metadata as Record<string, string>) ?? {},
      latest_charge: null,
      last_payment_error: null,
      capture_method: 'automatic',
      created: now(),
      livemode: false,
    } as unknown as Stripe.PaymentIntent;
    intents.set(intentId, intent);
    return intent;
  }

  function confirmIntent(intent: Stripe.PaymentIntent, params: Params): Stripe.PaymentIntent {
    if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
      throw unexpectedState(intent, 'confirm');
    }
    if (params.payment_method === 'pm_card_chargeDeclined') {
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      } as Stripe.PaymentIntent.LastPaymentError;
      intent.status = 'requires_payment_method';
      emit('payment_intent.payment_failed', structuredClone(intent));
      throw new StripeApiError(402, {
        type: 'card_error',
        code: 'card_declined',
        message: 'Your card was declined.',
        payment_intent: intent,
      });
    }
    const charge = {
      id: id('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      captured: true,
      paid: true,
      refunded: false,
      currency: intent.currency,
      payment_intent: intent.id,
      status: 'succeeded',
      metadata: {},
      created: now(),
      livemode: false,
    } as unknown as Stripe.Charge;
    charges.set(charge.id, charge);
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: intent.amount,
      latest_charge: charge.id,
      last_payment_error: null,
    });
    emit('charge.succeeded', structuredClone(charge));
    emit('payment_intent.succeeded', structuredClone(intent));
    return intent;
  }

  function cancelIntent(intent: Stripe.PaymentIntent): Stripe.PaymentIntent {
    if (intent.status === 'succeeded' || intent.status === 'canceled') throw unexpectedState(intent, 'cancel');
    intent.status = 'canceled';
    emit('payment_intent.canceled', structuredClone(intent));
    return intent;
  }

  function refund(params: Params): Stripe.Refund {
    const intent = intentOf(params.payment_intent as string | undefined);
    const charge = intent.latest_charge ? charges.get(intent.latest_charge as string) : undefined;
    if (!charge) throw unexpectedState(intent, 'refund');
    const left = charge.amount - charge.amount_refunded;
    const amount = params.amount === undefined ? left : Number(params.amount);
    if (left === 0) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge ${charge.id} has already been refunded.`,
      });
    }
    if (!Number.isInteger(amount) || amount < 1 || amount > left) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_large',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        param: 'amount',
      });
    }
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    emit('charge.refunded', structuredClone(charge));
    const refund = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intent.id,
      status: standIn.holdRefunds ? 'pending' : 'succeeded',
      metadata: (params.metadata as Record<string, string>) ?? {},
      created: now(),
    } as unknown as Stripe.Refund;
    refunds.set(refund.id, refund);
    return refund;
  }

  function route(method: string, path: string, params: Params): unknown {
    const intentPath = /^\/v1\/payment_intents\/([\w]+)(\/confirm|\/cancel)?$/.exec(path);
    if (method === 'POST' && path === '/v1/payment_intents') return createIntent(params);
    if (method === 'GET' && intentPath && !intentPath[2]) return intentOf(intentPath[1]);
    if (method === 'POST' && intentPath?.[2] === '/confirm') return confirmIntent(intentOf(intentPath[1]), params);
    if (method === 'POST' && intentPath?.[2] === '/cancel') return cancelIntent(intentOf(intentPath[1]));
    if (method === 'POST' && path === '/v1/refunds') return refund(params);
    const billed = billing.route(method, path, params);
    if (billed !== undefined) return billed;
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const lost = [url.pathname, ''].find((path) => (dropping.get(path) ?? 0) > 0);
      if (lost !== undefined) {
        dropping.set(lost, dropping.get(lost)! - 1);
        req.socket.destroy();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      send(401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
      return;
    }
    const key = method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const fingerprint = createHash('sha256').update(`${method} ${url.pathname} ${body}`).digest('hex');
    if (typeof key === 'string') {
      const earlier = idempotent.get(key);
      if (earlier && earlier.fingerprint !== fingerprint) {
        send(400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        });
        return;
      }
      if (earlier) {
        send(earlier.status, earlier.body, { 'idempotent-replayed': 'true', 'idempotency-key': key });
        return;
      }
    }
    let status = 200;
    let payload: unknown;
    const refusal = refusals.get(url.pathname);
    refusals.delete(url.pathname);
    try {
      if (refusal) throw refusal;
      payload = structuredClone(route(method, url.pathname, parseForm(method === 'GET' ? url.search.slice(1) : body)));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      status = error.status;
      payload = { error: error.body };
    }
    // As Stripe: a rate-limited request never ran, so its key is not spent.
    if (typeof key === 'string' && status < 500 && status !== 429)
      idempotent.set(key, { fingerprint, status, body: payload });
    send(status, payload, {
      ...(typeof key === 'string' ? { 'idempotency-key': key } : {}),
      ...(refusal ? { 'stripe-should-retry': 'false' } : {}),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
