import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../common/database/idempotency.ts';
import { isUuid } from '../../common/database/uuid.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { userError, UserErrorRejection, type UserError } from '../../common/graphql/user-error.ts';
import type { Identity } from '../../common/identity/identity.ts';
import { isMinorUnitAmount } from '../../common/money/money.ts';
import { PayableOrderEntity, type PayableOrder } from './payable-order.entity.ts';
import { applyReport } from './payment-report.ts';
import { isLive } from './payment-state.ts';
import { ProviderRefusal, ProviderUnavailable, type BuyerReturn, type PaymentProvider } from './payment-provider.ts';
import {
  PaymentEntity,
  RefundEntity,
  type InStoreMethod,
  type Payment,
  type Provider,
  type Refund,
} from './payment.entity.ts';

export const MAX_REASON_LENGTH = 500;
const STAFF_ROLES = ['OWNER', 'ADMIN', 'MANAGER', 'BARISTA'];

/** Staff and integrations see every payment of the tenant; a customer only those of their orders. */
export const seesAllPayments = (identity: Identity) =>
  identity.kind === 'api_key' || identity.roles.some((role) => STAFF_ROLES.includes(role));

/** Rows the caller may see: RLS keeps them in the tenant, this keeps a customer to their own. */
const visibleTo = <T extends { customerId: string | null }>(identity: Identity, row: T | null): T | null =>
  row && (seesAllPayments(identity) || (row.customerId !== null && row.customerId === identity.userId)) ? row : null;

export interface StartPaymentRequest {
  orderId: string;
  provider: Provider;
  method?: InStoreMethod | null;
  /** The client's key, where the mutation takes one; without it the order alone makes it idempotent. */
  idempotencyKey?: string | null;
  buyerReturn?: BuyerReturn;
}

export type StartPaymentResult = { payment: Payment | null; clientSecret: string | null; errors: UserError[] };

export interface RefundRequest {
  paymentId: string;
  amount?: number | null;
  reason?: string | null;
  idempotencyKey: string;
}

export type RefundResult = { payment: Payment | null; refund: Refund | null; errors: UserError[] };

/** Runs work in one transaction of the payment's tenant: a request's, or a consumer's. */
export type InTenant = SubgraphContext['transaction'];

/** What is left to refund of a collected payment: what was paid less what went back or is reserved. */
export function refundableOf(payment: Payment, refunds: readonly Refund[]): number {
  const sum = (state: Refund['state']) =>
    refunds.filter((refund) => refund.state === state).reduce((total, refund) => total + refund.amount, 0);
  return payment.amount - Math.max(payment.refunded, sum('SUCCEEDED')) - sum('PENDING');
}

const refuse = (code: string, message: string, field: string[]): never => {
  throw new UserErrorRejection([userError(code, message, field)]);
};

/** The provider's idempotency key of an attempt: the same attempt always asks for the same charge. */
const chargeKey = (payment: Payment) => `order-${payment.orderId}-${payment.provider.toLowerCase()}-${payment.attempt}`;

/**
 * Collecting and refunding. Each operation that calls a provider runs in three steps: a transaction
 * that claims the work (a payment or refund row, PENDING), the provider call with an idempotency key
 * derived from that row, and a transaction that records the answer. A crash between them leaves the
 * claim, and the next call resumes it with the same key, so the provider charges or refunds once.
 */
export function createPaymentService(providers: Partial<Record<Provider, PaymentProvider>>) {
  const payments = (manager: EntityManager) => manager.getRepository(PaymentEntity);

  async function lockPayment(manager: EntityManager, id: string): Promise<Payment> {
    return payments(manager).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Claims a new attempt for the order, or finds the attempt that is still under way. */
  async function claimAttempt(
    manager: EntityManager,
    identity: Identity,
    request: StartPaymentRequest,
  ): Promise<{ paymentId: string }> {
    const order = isUuid(request.orderId)
      ? visibleTo(
          identity,
          await manager
            .getRepository(PayableOrderEntity)
            .findOne({ where: { id: request.orderId }, lock: { mode: 'pessimistic_write' } }),
        )
      : null;
    if (!order) return refuse('ORDER_NOT_FOUND', 'No such order', ['orderId']);
    if (order.cancelledAt) return refuse('ORDER_CANCELLED', 'The order was cancelled', ['orderId']);
    const earlier = await payments(manager).find({ where: { orderId: order.id }, order: { createdAt: 'DESC' } });
    if (earlier.some((payment) => payment.state === 'SUCCEEDED' || payment.state === 'AUTHORIZED')) {
      return refuse('ORDER_ALREADY_PAID', 'The order is already paid', ['orderId']);
    }
    const sameProvider = earlier.filter((payment) => payment.provider === request.provider);
    const underWay = sameProvider.find((payment) => isLive(payment.state));
    if (underWay) return { paymentId: underWay.id };
    const payment = newPayment(order, request, Math.max(0, ...sameProvider.map((payment) => payment.attempt)) + 1);
    await payments(manager).insert(payment);
    return { paymentId: payment.id };
  }

  return {
    findVisible: async (manager: EntityManager, identity: Identity, id: string) =>
      isUuid(id) ? visibleTo(identity, await payments(manager).findOneBy({ id })) : null,

    findOrder: async (manager: EntityManager, identity: Identity, id: string) =>
      isUuid(id) ? visibleTo(identity, await manager.getRepository(PayableOrderEntity).findOneBy({ id })) : null,

    paymentsOfOrders: (manager: EntityManager, orderIds: readonly string[]) =>
      payments(manager).find({ where: { orderId: In([...orderIds]) }, order: { createdAt: 'DESC', id: 'DESC' } }),

    refundsOfPayments: (manager: EntityManager, paymentIds: readonly string[]) =>
      manager
        .getRepository(RefundEntity)
        .find({ where: { paymentId: In([...paymentIds]) }, order: { createdAt: 'ASC', id: 'ASC' } }),

    /** Starts (or resumes) collecting the order's total with a provider. */
    async start(ctx: SubgraphContext, request: StartPaymentRequest): Promise<StartPaymentResult> {
      const provider = providers[request.provider];
      if (!provider) {
        return {
          payment: null,
          clientSecret: null,
          errors: [userError('PROVIDER_UNAVAILABLE', `${request.provider} payments are not set up here`)],
        };
      }
      const { identity } = ctx;
      const key = request.idempotencyKey;
      const keyErrors = key === undefined || key === null ? [] : validateIdempotencyKey(key);
      if (keyErrors.length > 0) return { payment: null, clientSecret: null, errors: keyErrors };
      const claimed = await ctx.transaction(async (manager) => {
        if (!key) return claimAttempt(manager, identity, request);
        const { idempotencyKey: _key, ...rest } = request;
        const outcome = await once(
          manager,
          { tenantId: identity.tenantId!, operation: operationOf(request.provider), key, request: rest },
          () => claimAttempt(manager, identity, request),
        );
        return 'conflict' in outcome ? null : outcome.result;
      });
      if (!claimed) return { payment: null, clientSecret: null, errors: [IDEMPOTENCY_KEY_REUSED] };

      const payment = await ctx.transaction((manager) => payments(manager).findOneByOrFail({ id: claimed.paymentId }));
      try {
        const charge = payment.providerReference
          ? await provider.retrieve(payment.providerReference)
          : await provider.create({
              tenantId: payment.tenantId,
              orderId: payment.orderId,
              paymentId: payment.id,
              amount: payment.amount,
              currency: payment.currency,
              idempotencyKey: chargeKey(payment),
              ...(request.buyerReturn ? { buyerReturn: request.buyerReturn } : {}),
            });
        const recorded = await ctx.transaction(async (manager) =>
          applyReport(manager, await lockPayment(manager, payment.id), charge),
        );
        return { payment: recorded, clientSecret: isLive(recorded.state) ? charge.clientSecret : null, errors: [] };
      } catch (error) {
        // The claim stays PENDING: asked again, the same idempotency key reaches the provider.
        if (error instanceof ProviderUnavailable)
          return { payment, clientSecret: null, errors: [unavailable(provider)] };
        if (!(error instanceof ProviderRefusal)) throw error;
        const failed = await ctx.transaction(async (manager) =>
          applyReport(manager, await lockPayment(manager, payment.id), {
            state: 'FAILED',
            failureMessage: error.message,
          }),
        );
        return {
          payment: failed,
          clientSecret: null,
          errors: [userError('PAYMENT_REFUSED', `${provider.name} refused the payment: ${error.message}`)],
        };
      }
    },

    /** Gives back part or all of a collected payment; the amounts claimed never exceed what was paid. */
    async refund(ctx: SubgraphContext, request: RefundRequest): Promise<RefundResult> {
      const inputErrors = [
        ...validateIdempotencyKey(request.idempotencyKey),
        ...(request.amount !== undefined &&
        request.amount !== null &&
        (!isMinorUnitAmount(request.amount) || request.amount <= 0)
          ? [userError('INVALID_AMOUNT', 'A refund is a positive whole amount in the minor unit', ['amount'])]
          : []),
        ...(request.reason && request.reason.length > MAX_REASON_LENGTH
          ? [userError('INVALID_REASON', `A reason is at most ${MAX_REASON_LENGTH} characters`, ['reason'])]
          : []),
      ];
      if (inputErrors.length > 0) return { payment: null, refund: null, errors: inputErrors };
      const { identity } = ctx;
      const { idempotencyKey, ...rest } = request;
      const claimed = await ctx.transaction(async (manager) => {
        const outcome = await once(
          manager,
          { tenantId: identity.tenantId!, operation: 'refundPayment', key: idempotencyKey, request: rest },
          () => claimRefund(manager, identity, request),
        );
        return 'conflict' in outcome ? null : outcome.result;
      });
      if (!claimed) return { payment: null, refund: null, errors: [IDEMPOTENCY_KEY_REUSED] };
      return carryOutRefund(ctx.transaction, claimed);
    },

    carryOutRefund,
  };

  /**
   * Asks the provider for a claimed refund, with the key `refund-<refund id>`, and records its
   * answer. A refund already settled is returned as it is; one whose provider could not be reached
   * stays claimed, and the next call asks again with the same key.
   */
  async function carryOutRefund(
    transaction: InTenant,
    claimed: { paymentId: string; refundId: string },
  ): Promise<RefundResult> {
    const { payment, refund } = await transaction(async (manager) => ({
      payment: await payments(manager).findOneByOrFail({ id: claimed.paymentId }),
      refund: await manager.getRepository(RefundEntity).findOneByOrFail({ id: claimed.refundId }),
    }));
    if (refund.state !== 'PENDING') return { payment, refund, errors: [] };
    const provider = providers[payment.provider];
    if (!provider) throw new Error(`no ${payment.provider} provider to refund payment ${payment.id}`);
    try {
      const answer = await provider.refund({
        refundId: refund.id,
        chargeReference: payment.providerReference,
        captureReference: payment.captureReference,
        amount: refund.amount,
        currency: refund.currency,
        reason: refund.reason,
        idempotencyKey: `refund-${refund.id}`,
      });
      return transaction((manager) =>
        settleRefund(manager, payment.id, refund.id, {
          state: answer.state,
          providerReference: answer.reference,
          failureMessage: answer.failureMessage,
        }),
      );
    } catch (error) {
      if (error instanceof ProviderUnavailable) return { payment, refund, errors: [unavailable(provider)] };
      if (!(error instanceof ProviderRefusal)) throw error;
      const settled = await transaction((manager) =>
        settleRefund(manager, payment.id, refund.id, { state: 'FAILED', failureMessage: error.message }),
      );
      return {
        ...settled,
        errors: [userError('REFUND_REFUSED', `${provider.name} refused the refund: ${error.message}`)],
      };
    }
  }

  async function claimRefund(
    manager: EntityManager,
    identity: Identity,
    request: RefundRequest,
  ): Promise<{ paymentId: string; refundId: string }> {
    const found = isUuid(request.paymentId)
      ? visibleTo(
          identity,
          await payments(manager).findOne({ where: { id: request.paymentId }, lock: { mode: 'pessimistic_write' } }),
        )
      : null;
    if (!found) return refuse('PAYMENT_NOT_FOUND', 'No such payment', ['paymentId']);
    if (found.state !== 'SUCCEEDED') {
      return refuse('PAYMENT_NOT_REFUNDABLE', 'Only a collected payment can be refunded', ['paymentId']);
    }
    const refundable = refundableOf(found, await manager.getRepository(RefundEntity).findBy({ paymentId: found.id }));
    const amount = request.amount ?? refundable;
    if (refundable <= 0) return refuse('REFUND_EXCEEDS_PAID', 'The payment is already fully refunded', ['paymentId']);
    if (amount > refundable) {
      return refuse('REFUND_EXCEEDS_PAID', `At most ${refundable} ${found.currency} is left to refund`, ['amount']);
    }
    const refund: Refund = {
      id: randomUUID(),
      tenantId: found.tenantId,
      paymentId: found.id,
      amount,
      currency: found.currency,
      state: 'PENDING',
      reason: request.reason?.trim() || null,
      providerReference: null,
      failureMessage: null,
      createdAt: new Date(),
    };
    await manager.getRepository(RefundEntity).insert(refund);
    return { paymentId: found.id, refundId: refund.id };
  }

  /** Records the provider's answer to a refund once, and what it means for the payment. */
  async function settleRefund(
    manager: EntityManager,
    paymentId: string,
    refundId: string,
    answer: Pick<Refund, 'state'> & Partial<Pick<Refund, 'providerReference' | 'failureMessage'>>,
  ): Promise<RefundResult> {
    const payment = await lockPayment(manager, paymentId);
    const refunds = manager.getRepository(RefundEntity);
    // A refund webhook may have settled it first.
    await refunds.update({ id: refundId, state: 'PENDING' }, answer);
    return {
      payment: await applyReport(manager, payment, { refundsChanged: true }),
      refund: await refunds.findOneByOrFail({ id: refundId }),
      errors: [],
    };
  }
}

export type PaymentService = ReturnType<typeof createPaymentService>;

export const unavailable = (provider: PaymentProvider) =>
  userError('PAYMENT_PROVIDER_UNAVAILABLE', `${provider.name} cannot be reached just now: try again in a moment`);

const OPERATIONS: Record<Provider, string> = {
  IN_STORE: 'recordInStorePayment',
  STRIPE: 'startStripePayment',
  PAYPAL: 'startPayPalPayment',
};
const operationOf = (provider: Provider) => OPERATIONS[provider];

function newPayment(order: PayableOrder, request: StartPaymentRequest, attempt: number): Payment {
  const now = new Date();
  return {
    id: randomUUID(),
    tenantId: order.tenantId,
    orderId: order.id,
    customerId: order.customerId,
    provider: request.provider,
    method: request.method ?? null,
    attempt,
    state: 'PENDING',
    amount: order.total,
    currency: order.currency,
    refunded: 0,
    providerRefunded: 0,
    providerReference: null,
    captureReference: null,
    failureMessage: null,
    disputeStatus: null,
    paidAt: null,
    createdAt: now,
    updatedAt: now,
  };
}
