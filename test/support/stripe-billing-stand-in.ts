import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';

type Params = Record<string, any>;
type Emit = (type: string, object: unknown) => unknown;
type Fail = (status: number, body: { type: string; code?: string; message: string; param?: string }) => Error;

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
const PERIOD = { month: 30 * DAY, year: 365 * DAY } as const;

/** Stripe Billing's customers, subscriptions (trials, proration), invoices and meter events, in memory. */
export interface StripeBillingStandIn {
  customers: Map<string, Stripe.Customer>;
  subscriptions: Map<string, Stripe.Subscription>;
  invoices: Map<string, Stripe.Invoice>;
  /** Meter events by identifier: a repeated identifier is counted once, as Stripe does. */
  meterEvents: Map<string, Stripe.Billing.MeterEvent>;
  meterEventRequests: number;
  /** A recurring price, for STRIPE_PRICE_<TIER>. */
  createPrice(unitAmount: number, currency: string, interval?: 'month' | 'year'): string;
  /** Charges of this customer's invoices are declined from now on (or succeed again). */
  setCardDeclined(customerId: string, declined: boolean): void;
  /** The end of the current period (or trial): renews with an invoice, or ends a cancelled subscription. */
  endPeriod(subscriptionId: string): void;
  /** Stripe's automatic retry of the latest unpaid invoice. */
  retryPayment(subscriptionId: string): void;
}

export function createStripeBilling(emit: Emit, fail: Fail) {
  const prices = new Map<string, Stripe.Price>();
  const declined = new Set<string>();
  const state: StripeBillingStandIn = {
    customers: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    meterEvents: new Map(),
    meterEventRequests: 0,
    createPrice(unitAmount, currency, interval = 'month') {
      const price = { id: id('price'), object: 'price', unit_amount: unitAmount, currency, recurring: { interval } };
      prices.set(price.id, price as unknown as Stripe.Price);
      return price.id;
    },
    setCardDeclined: (customerId, isDeclined) =>
      void (isDeclined ? declined.add(customerId) : declined.delete(customerId)),
    endPeriod(subscriptionId) {
      const subscription = subscriptionOf(subscriptionId) as any;
      if (subscription.cancel_at_period_end) {
        Object.assign(subscription, { status: 'canceled', ended_at: now(), canceled_at: now() });
        emit('customer.subscription.deleted', structuredClone(subscription));
        return;
      }
      const item = subscription.items.data[0];
      // The period ends now, as when a test clock is advanced to its end.
      item.current_period_start = now();
      item.current_period_end = now() + PERIOD[item.price.recurring.interval as 'month'];
      subscription.trial_end = subscription.status === 'trialing' ? subscription.trial_end : null;
      subscription.status = 'active';
      invoice(subscription, item.price.unit_amount, 'subscription_cycle');
    },
    retryPayment(subscriptionId) {
      const subscription = subscriptionOf(subscriptionId) as any;
      const latest = state.invoices.get(subscription.latest_invoice) as any;
      if (latest?.status === 'open') pay(subscription, latest);
    },
  };

  function subscriptionOf(subscriptionId: string | undefined): Stripe.Subscription {
    const subscription = subscriptionId && state.subscriptions.get(subscriptionId);
    if (!subscription) {
      throw fail(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such subscription: '${subscriptionId}'`,
      });
    }
    return subscription;
  }

  function priceOf(priceId: string | undefined): Stripe.Price {
    const price = priceId && prices.get(priceId);
    if (!price) {
      throw fail(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such price: '${priceId}'`,
        param: 'items',
      });
    }
    return price;
  }

  /** Tries the invoice's charge; the subscription follows, as Stripe's does. */
  function pay(subscription: any, open: any): void {
    open.attempt_count += 1;
    if (declined.has(subscription.customer)) {
      emit('invoice.payment_failed', structuredClone(open));
      if (subscription.status !== 'incomplete') subscription.status = 'past_due';
    } else {
      Object.assign(open, { status: 'paid', amount_paid: open.amount_due, status_transitions: { paid_at: now() } });
      emit('invoice.paid', structuredClone(open));
      if (subscription.status === 'past_due' || subscription.status === 'incomplete') subscription.status = 'active';
    }
    emit('customer.subscription.updated', structuredClone(subscription));
  }

  function invoice(subscription: any, amount: number, reason: string): any {
    const invoiceId = id('in');
    const item = subscription.items.data[0];
    const created = {
      id: invoiceId,
      object: 'invoice',
      customer: subscription.customer,
      number: `STANDIN-${state.invoices.size + 1}`,
      status: 'open',
      amount_due: Math.max(0, amount),
      amount_paid: 0,
      currency: item.price.currency,
      attempt_count: 0,
      billing_reason: reason,
      hosted_invoice_url: `https://invoice.stripe.com/i/${invoiceId}`,
      invoice_pdf: `https://pay.stripe.com/invoice/${invoiceId}/pdf`,
      period_start: item.current_period_start,
      period_end: item.current_period_end,
      parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id, metadata: {} } },
      status_transitions: { paid_at: null },
      created: now(),
      livemode: false,
    };
    state.invoices.set(invoiceId, created as unknown as Stripe.Invoice);
    subscription.latest_invoice = invoiceId;
    emit('invoice.finalized', structuredClone(created));
    pay(subscription, created);
    return created;
  }

  const withExpansions = (subscription: Stripe.Subscription, params: Params) => {
    const expand = Object.values((params.expand as Record<string, string>) ?? {});
    const copy = structuredClone(subscription) as any;
    if (expand.includes('latest_invoice') && copy.latest_invoice) {
      copy.latest_invoice = structuredClone(state.invoices.get(copy.latest_invoice));
    }
    return copy as Stripe.Subscription;
  };

  function createSubscription(params: Params): Stripe.Subscription {
    const customer = state.customers.get(params.customer);
    if (!customer)
      throw fail(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such customer: '${params.customer}'`,
      });
    const price = priceOf(params.items?.['0']?.price) as any;
    const trialDays = params.trial_period_days ? Number(params.trial_period_days) : 0;
    const start = now();
    const end = trialDays ? start + trialDays * DAY : start + PERIOD[price.recurring.interval as 'month'];
    const subscription: any = {
      id: id('sub'),
      object: 'subscription',
      customer: customer.id,
      status: trialDays ? 'trialing' : 'incomplete',
      trial_end: trialDays ? end : null,
      cancel_at_period_end: false,
      ended_at: null,
      latest_invoice: null,
      metadata: params.metadata ?? {},
      items: {
        object: 'list',
        data: [
          { id: id('si'), object: 'subscription_item', price, current_period_start: start, current_period_end: end },
        ],
      },
      created: start,
      livemode: false,
    };
    state.subscriptions.set(subscription.id, subscription);
    emit('customer.subscription.created', structuredClone(subscription));
    invoice(subscription, trialDays ? 0 : price.unit_amount, 'subscription_create');
    return withExpansions(subscription, params);
  }

  function updateSubscription(subscription: any, params: Params): Stripe.Subscription {
    if (subscription.status === 'canceled') {
      throw fail(400, {
        type: 'invalid_request_error',
        message: 'A canceled subscription can only update its cancellation_details and metadata.',
      });
    }
    if (params.cancel_at_period_end !== undefined)
      subscription.cancel_at_period_end = params.cancel_at_period_end === 'true';
    const change = params.items?.['0'];
    const item = subscription.items.data[0];
    if (change?.price && change.price !== item.price.id) {
      if (change.id !== item.id)
        throw fail(400, {
          type: 'invalid_request_error',
          message: `No such subscription item: '${change.id}'`,
          param: 'items',
        });
      const from = item.price;
      item.price = priceOf(change.price);
      // What is left of the period, at the new price less the old one.
      const left = (item.current_period_end - now()) / (item.current_period_end - item.current_period_start);
      const prorated = Math.round((item.price.unit_amount - from.unit_amount) * left);
      if (subscription.status !== 'trialing' && params.proration_behavior === 'always_invoice' && prorated > 0) {
        invoice(subscription, prorated, 'subscription_update');
      }
    }
    emit('customer.subscription.updated', structuredClone(subscription));
    return withExpansions(subscription, params);
  }

  function meterEvent(params: Params): Stripe.Billing.MeterEvent {
    state.meterEventRequests += 1;
    const customer = params.payload?.stripe_customer_id;
    if (!params.event_name || !state.customers.has(customer) || !/^\d+$/.test(params.payload?.value ?? '')) {
      throw fail(400, {
        type: 'invalid_request_error',
        message: 'A meter event needs event_name, payload[stripe_customer_id] and a numeric payload[value]',
      });
    }
    const identifier = params.identifier ?? id('mev');
    const event = {
      object: 'billing.meter_event',
      event_name: params.event_name,
      identifier,
      payload: params.payload,
      timestamp: Number(params.timestamp ?? now()),
      created: now(),
      livemode: false,
    } as unknown as Stripe.Billing.MeterEvent;
    if (!state.meterEvents.has(identifier)) state.meterEvents.set(identifier, event);
    return event;
  }

  /** The answer to a billing request, or undefined when the path is not one of billing's. */
  function route(method: string, path: string, params: Params): unknown {
    const subscriptionPath = /^\/v1\/subscriptions\/(\w+)$/.exec(path);
    if (method === 'POST' && path === '/v1/customers') {
      const customer = {
        id: id('cus'),
        object: 'customer',
        metadata: params.metadata ?? {},
        created: now(),
        livemode: false,
      };
      state.customers.set(customer.id, customer as unknown as Stripe.Customer);
      return customer;
    }
    if (method === 'POST' && path === '/v1/subscriptions') return createSubscription(params);
    if (method === 'GET' && subscriptionPath) return withExpansions(subscriptionOf(subscriptionPath[1]), params);
    if (method === 'POST' && subscriptionPath) return updateSubscription(subscriptionOf(subscriptionPath[1]), params);
    if (method === 'POST' && path === '/v1/billing/meter_events') return meterEvent(params);
    return undefined;
  }

  return { state, route };
}
