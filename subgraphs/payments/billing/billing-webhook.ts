import type Stripe from 'stripe';
import type { Database } from '../../../common/database/database.ts';
import { claimWebhookEvent } from '../webhook-event.entity.ts';
import { BillingAccountEntity } from './billing-account.entity.ts';
import { lockBillingAccount, recordInvoice, recordSubscription } from './billing-record.ts';
import type { TierPrices } from './tier-prices.ts';

export const BILLING_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.created',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
]);

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** The customer and subscription a billing event is about. */
function subjectOf(event: Stripe.Event): { customerId: string | null; subscriptionId: string | null } {
  const object = event.data.object as Stripe.Subscription | Stripe.Invoice;
  if (object.object === 'subscription') return { customerId: idOf(object.customer), subscriptionId: object.id };
  const invoice = object as Stripe.Invoice;
  return {
    customerId: idOf(invoice.customer),
    subscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
  };
}

/**
 * Applies a subscription or invoice event once (the event id is recorded with its effect). Events
 * are hints, not the truth: the subscription is read again from Stripe under the account's lock, so
 * events that arrive late or out of order leave the account where Stripe is now.
 */
export function createBillingWebhook(database: Database, stripe: Stripe, prices: TierPrices) {
  return async function apply(event: Stripe.Event): Promise<'applied' | 'duplicate' | 'ignored'> {
    const { customerId, subscriptionId } = subjectOf(event);
    const tenantId =
      customerId &&
      (await database.system(async (manager) => {
        const account = await manager.getRepository(BillingAccountEntity).findOneBy({ customerId });
        return account?.tenantId ?? null;
      }));
    if (!tenantId) return 'ignored';
    const applied = await database.transaction(tenantId, async (manager) => {
      if (!(await claimWebhookEvent(manager, 'STRIPE', event, tenantId))) return false;
      const account = await lockBillingAccount(manager, tenantId);
      if (event.data.object.object === 'invoice')
        await recordInvoice(manager, tenantId, event.data.object as Stripe.Invoice);
      if (subscriptionId) {
        const subscription = await stripe.subscriptions.retrieve(subscriptionId, { expand: ['latest_invoice'] });
        await recordSubscription(manager, account, subscription, prices);
      }
      return true;
    });
    return applied ? 'applied' : 'duplicate';
  };
}

export type BillingWebhook = ReturnType<typeof createBillingWebhook>;
