import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { recordEvents } from '../../../common/events/outbox.ts';
import { fromStripeAmount } from '../stripe/stripe-amount.ts';
import { BillingAccountEntity, type BillingAccount } from './billing-account.entity.ts';
import { REVENUE_FIELDS, recordBillingChange } from './billing-change.entity.ts';
import { tenantSubscriptionChanged } from './billing.events.ts';
import { InvoiceEntity, type Invoice } from './invoice.entity.ts';
import { subscriptionStateOf } from './subscription-state.ts';
import type { TierPrices } from './tier-prices.ts';

const PLAN_FIELDS = ['tier', 'status', 'trialEndsAt', 'currentPeriodEnd', 'cancelAtPeriodEnd'] as const;

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime() : a === b;

/** Locks the tenant's billing account, creating it (on FREE, nothing at Stripe yet) when missing. */
export async function lockBillingAccount(manager: EntityManager, tenantId: string): Promise<BillingAccount> {
  const accounts = manager.getRepository(BillingAccountEntity);
  await accounts.createQueryBuilder().insert().values({ tenantId, tier: 'FREE', status: 'NONE' }).orIgnore().execute();
  return accounts.findOneOrFail({ where: { tenantId }, lock: { mode: 'pessimistic_write' } });
}

/**
 * Records the subscription as Stripe reads it now on the locked account. When the plan changed, the
 * version grows and a TenantSubscriptionChanged event goes to the tenant subgraph in the same
 * transaction; when what the tenant pays changed, it is appended to the billing history. A subscription other than the tenant's current one is ignored unless it replaces an
 * ended one.
 */
export async function recordSubscription(
  manager: EntityManager,
  account: BillingAccount,
  subscription: Stripe.Subscription,
  prices: TierPrices,
): Promise<BillingAccount> {
  const state = subscriptionStateOf(subscription, prices);
  const current = account.subscriptionId;
  if (current && current !== subscription.id && account.status !== 'CANCELED') return account;
  const changed = PLAN_FIELDS.some((field) => !sameValue(account[field], state[field]));
  const next: BillingAccount = { ...account, ...state, version: account.version + (changed ? 1 : 0) };
  await manager.getRepository(BillingAccountEntity).save(next);
  if (changed) await recordEvents(manager, [tenantSubscriptionChanged(next)]);
  if (REVENUE_FIELDS.some((field) => account[field] !== next[field])) await recordBillingChange(manager, next);
  return next;
}

const INVOICE_FINAL = new Set(['paid', 'void', 'uncollectible']);

/** Mirrors an invoice from Stripe; a final invoice is not reopened by a late report of an earlier state. */
export async function recordInvoice(manager: EntityManager, tenantId: string, invoice: Stripe.Invoice): Promise<void> {
  const invoices = manager.getRepository(InvoiceEntity);
  const earlier = await invoices.findOneBy({ id: invoice.id! });
  if (earlier && INVOICE_FINAL.has(earlier.status) && !INVOICE_FINAL.has(invoice.status ?? '')) return;
  const currency = invoice.currency.toUpperCase();
  const row: Invoice = {
    id: invoice.id!,
    tenantId,
    number: invoice.number ?? null,
    status: invoice.status ?? 'draft',
    amountDue: fromStripeAmount(invoice.amount_due, currency),
    amountPaid: fromStripeAmount(invoice.amount_paid, currency),
    currency,
    attemptCount: Math.max(invoice.attempt_count, earlier?.attemptCount ?? 0),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    periodStart: new Date(invoice.period_start * 1000),
    periodEnd: new Date(invoice.period_end * 1000),
    paidAt: invoice.status_transitions?.paid_at ? new Date(invoice.status_transitions.paid_at * 1000) : null,
    createdAt: new Date(invoice.created * 1000),
  };
  await invoices.save(row);
}
