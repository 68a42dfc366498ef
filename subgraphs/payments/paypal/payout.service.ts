import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../../common/database/idempotency.ts';
import { pageOf, toConnection, type ConnectionArgs } from '../../../common/graphql/connection.ts';
import type { SubgraphContext } from '../../../common/graphql/subgraph-context.ts';
import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { isCurrencyCode, isMinorUnitAmount } from '../../../common/money/money.ts';
import { ProviderUnavailable } from '../payment-provider.ts';
import { toPayPalValue } from './paypal-amount.ts';
import { PayPalRefusal, type PayPalClient } from './paypal-client.ts';
import { applyPayoutReport, lockPayout, reportOfBatch, senderItemId, type PayPalPayoutBatch } from './payout-batch.ts';
import { PayoutEntity, type Payout } from './payout.entity.ts';

export const MAX_PAYOUT_ITEMS = 100;
const MAX_NOTE_LENGTH = 255;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PayoutItemInput {
  receiver: string;
  amount: number;
  currency: string;
  note?: string | null;
}

export interface CreatePayoutInput {
  items: PayoutItemInput[];
  idempotencyKey: string;
}

export type PayoutResult = { payout: Payout | null; errors: UserError[] };

function itemErrors(item: PayoutItemInput, index: number): UserError[] {
  const field = (name: string) => ['items', String(index), name];
  const fitsPayPal = () => {
    try {
      toPayPalValue(item.amount, item.currency);
      return true;
    } catch {
      return false;
    }
  };
  const currencyKnown = /^[A-Z]{3}$/.test(item.currency) && isCurrencyCode(item.currency);
  return [
    ...(item.receiver.length <= 254 && EMAIL.test(item.receiver)
      ? []
      : [userError('INVALID_RECEIVER', 'A receiver is the email address of a PayPal account', field('receiver'))]),
    ...(currencyKnown
      ? []
      : [userError('INVALID_CURRENCY', 'A currency is an ISO-4217 code such as USD', field('currency'))]),
    ...(isMinorUnitAmount(item.amount) && item.amount > 0 && (!currencyKnown || fitsPayPal())
      ? []
      : [userError('INVALID_AMOUNT', 'An amount is a positive whole amount in the minor unit', field('amount'))]),
    ...(item.note && item.note.length > MAX_NOTE_LENGTH
      ? [userError('INVALID_NOTE', `A note is at most ${MAX_NOTE_LENGTH} characters`, field('note'))]
      : []),
  ];
}

function inputErrors(input: CreatePayoutInput): UserError[] {
  if (input.items.length === 0 || input.items.length > MAX_PAYOUT_ITEMS) {
    return [userError('INVALID_ITEMS', `A payout has 1 to ${MAX_PAYOUT_ITEMS} items`, ['items'])];
  }
  return [...validateIdempotencyKey(input.idempotencyKey), ...input.items.flatMap(itemErrors)];
}

/** The batch a refused duplicate points to: PayPal links the original payout of a sender_batch_id. */
const originalBatchOf = (refusal: PayPalRefusal) =>
  refusal.links
    .map((link) => /\/v1\/payments\/payouts\/([^/?]+)$/.exec(link.href)?.[1])
    .find((id): id is string => Boolean(id)) ?? null;

/**
 * Payouts to PayPal recipients (staff tips, ...). Three steps as for payments: a transaction claims
 * the payout (its row, REQUESTED, under the client's idempotency key), PayPal is sent the batch with
 * sender_batch_id = the payout id, and a transaction records the answer. PayPal refuses a second
 * batch with the same sender_batch_id and links the first, so a retry after a lost answer pays once.
 */
export function createPayoutService(paypal: PayPalClient | null) {
  async function send(payout: Payout) {
    try {
      return await paypal!.request<PayPalPayoutBatch>('POST', '/v1/payments/payouts', {
        sender_batch_header: {
          sender_batch_id: payout.id,
          recipient_type: 'EMAIL',
          email_subject: 'You have a payout',
        },
        items: payout.items.map((item, index) => ({
          recipient_type: 'EMAIL',
          receiver: item.receiver,
          amount: { currency: item.currency, value: toPayPalValue(item.amount, item.currency) },
          sender_item_id: senderItemId(payout.id, index),
          ...(item.note ? { note: item.note } : {}),
        })),
      });
    } catch (error) {
      const original = error instanceof PayPalRefusal ? originalBatchOf(error) : null;
      if (!original) throw error;
      return paypal!.request<PayPalPayoutBatch>('GET', `/v1/payments/payouts/${encodeURIComponent(original)}`);
    }
  }

  return {
    async list(manager: EntityManager, tenantId: string, args: ConnectionArgs) {
      const page = pageOf(args);
      const [payouts, total] = await manager.getRepository(PayoutEntity).findAndCount({
        where: { tenantId },
        order: { createdAt: 'DESC', id: 'DESC' },
        skip: page.offset,
        take: page.limit,
      });
      return toConnection(payouts, total, page);
    },

    async create(ctx: SubgraphContext, input: CreatePayoutInput): Promise<PayoutResult> {
      if (!paypal)
        return { payout: null, errors: [userError('PROVIDER_UNAVAILABLE', 'PAYPAL payouts are not set up here')] };
      const errors = inputErrors(input);
      if (errors.length > 0) return { payout: null, errors };
      const { identity } = ctx;
      const { idempotencyKey, ...request } = input;
      const claimed = await ctx.transaction(async (manager) => {
        const outcome = await once(
          manager,
          { tenantId: identity.tenantId!, operation: 'createPayout', key: idempotencyKey, request },
          async () => {
            const payout = newPayout(identity.tenantId!, identity.userId ?? null, input.items);
            await manager.getRepository(PayoutEntity).insert(payout);
            return { payoutId: payout.id };
          },
        );
        return 'conflict' in outcome ? null : outcome.result;
      });
      if (!claimed) return { payout: null, errors: [IDEMPOTENCY_KEY_REUSED] };
      const payout = await ctx.transaction((manager) =>
        manager.getRepository(PayoutEntity).findOneByOrFail({ id: claimed.payoutId }),
      );
      if (payout.status !== 'REQUESTED') return { payout, errors: [] };
      try {
        const batch = await send(payout);
        const recorded = await ctx.transaction(async (manager) =>
          applyPayoutReport(manager, await lockPayout(manager, payout.id), reportOfBatch(batch)),
        );
        return { payout: recorded, errors: [] };
      } catch (error) {
        // The claim stays REQUESTED: asked again with the key, the same sender_batch_id goes out.
        if (error instanceof ProviderUnavailable) {
          const message = 'PAYPAL cannot be reached just now: try again in a moment';
          return { payout, errors: [userError('PAYMENT_PROVIDER_UNAVAILABLE', message)] };
        }
        if (!(error instanceof PayPalRefusal)) throw error;
        const denied = await ctx.transaction(async (manager) =>
          applyPayoutReport(manager, await lockPayout(manager, payout.id), {
            status: 'DENIED',
            failureMessage: error.message,
          }),
        );
        return { payout: denied, errors: [userError('PAYOUT_REFUSED', error.message)] };
      }
    },
  };
}

export type PayoutService = ReturnType<typeof createPayoutService>;

function newPayout(tenantId: string, createdBy: string | null, items: PayoutItemInput[]): Payout {
  const now = new Date();
  return {
    id: randomUUID(),
    tenantId,
    status: 'REQUESTED',
    batchReference: null,
    items: items.map((item) => ({
      receiver: item.receiver.trim(),
      amount: item.amount,
      currency: item.currency,
      note: item.note?.trim() || null,
      status: null,
      reference: null,
    })),
    failureMessage: null,
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
}
