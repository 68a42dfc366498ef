import type { Logger } from 'pino';
import { IsNull, type EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { nameBasedUuid } from '../../common/database/uuid.ts';
import { PayableOrderEntity } from './payable-order.entity.ts';
import { applyReport } from './payment-report.ts';
import { ProviderRefusal, ProviderUnavailable, type PaymentProvider } from './payment-provider.ts';
import { PaymentEntity, RefundEntity, type Payment, type Provider } from './payment.entity.ts';
import { refundableOf, type InTenant, type PaymentService } from './payment.service.ts';

const CANCELLATION_REFUNDS = Buffer.from('0c0ffee0ca4ce1ed4e3f8a11ef0d0001', 'hex');

/**
 * The one refund a payment of a cancelled order gets. Its id follows from the payment's, and the
 * provider's idempotency key (`refund-<id>`) from it: claimed twice, it is inserted once; asked of
 * the provider twice, it is made once.
 */
export const cancellationRefundId = (paymentId: string) => nameBasedUuid(CANCELLATION_REFUNDS, paymentId);
export const CANCELLATION_REASON = 'The order was cancelled';

/** Charge states of an attempt the buyer may still complete at the provider. */
const OPEN = ['PENDING', 'FAILED', 'AUTHORIZED'] as const;
/** Orders cancelled longer ago than this are left to staff; the sweep stops looking at them. */
const SWEEP_DAYS = 30;

/**
 * Settles what a cancelled order was paid: open card payments are cancelled at the provider, so the
 * customer can no longer pay them, and what is left of each collected payment is refunded (an
 * in-store payment's refund is recorded for staff to hand back at the counter). Each step is a claim
 * first and the provider call after it; a claim left behind by an outage or a crash is resumed by
 * the next delivery of the OrderCancelled event or by the sweep.
 */
export function createOrderCancellation(
  database: Database,
  payments: PaymentService,
  providers: Partial<Record<Provider, PaymentProvider>>,
  logger: Logger,
) {
  const paymentsOf = (manager: EntityManager, orderId: string) =>
    manager.getRepository(PaymentEntity).find({ where: { orderId }, order: { createdAt: 'ASC' } });

  async function cancelOpen(inTenant: InTenant, payment: Payment): Promise<void> {
    const provider = providers[payment.provider];
    if (!provider?.cancel || !payment.providerReference) return;
    const reference = payment.providerReference;
    // Refused: the charge is no longer open (paid a moment ago, or already cancelled); read it as it is.
    const charge = await provider
      .cancel(reference)
      .catch((error: unknown) =>
        error instanceof ProviderRefusal ? provider.retrieve(reference) : Promise.reject(error),
      );
    await inTenant(async (manager) => {
      const locked = await manager
        .getRepository(PaymentEntity)
        .findOneOrFail({ where: { id: payment.id }, lock: { mode: 'pessimistic_write' } });
      await applyReport(manager, locked, charge);
    });
  }

  /** Claims the refund of what is left of each collected payment; returns the claims not yet carried out. */
  async function claimRefunds(manager: EntityManager, orderId: string) {
    const claims: { paymentId: string; refundId: string }[] = [];
    const order = await manager.getRepository(PayableOrderEntity).findOneBy({ id: orderId });
    if (!order?.cancelledAt) return claims;
    const refunds = manager.getRepository(RefundEntity);
    for (const collected of (await paymentsOf(manager, orderId)).filter((payment) => payment.state === 'SUCCEEDED')) {
      const payment = await manager
        .getRepository(PaymentEntity)
        .findOneOrFail({ where: { id: collected.id }, lock: { mode: 'pessimistic_write' } });
      const refundId = cancellationRefundId(payment.id);
      const left = refundableOf(payment, await refunds.findBy({ paymentId: payment.id }));
      if (left > 0) {
        await refunds
          .createQueryBuilder()
          .insert()
          .values({
            id: refundId,
            tenantId: payment.tenantId,
            paymentId: payment.id,
            amount: left,
            currency: payment.currency,
            state: 'PENDING',
            reason: CANCELLATION_REASON,
            providerReference: null,
            failureMessage: null,
            createdAt: new Date(),
          })
          .orIgnore()
          .execute();
      }
      // A claim the provider has not answered yet; one it answered as pending waits for its webhook.
      if (await refunds.existsBy({ id: refundId, state: 'PENDING', providerReference: IsNull() })) {
        claims.push({ paymentId: payment.id, refundId });
      }
    }
    return claims;
  }

  /** Brings a cancelled order's payments to rest; safe to call any number of times. */
  async function settle(tenantId: string, orderId: string): Promise<void> {
    const inTenant: InTenant = (work) => database.transaction(tenantId, work);
    const known = await inTenant((manager) => paymentsOf(manager, orderId));
    if (known.length === 0) return;
    const open = known.filter((payment) => (OPEN as readonly string[]).includes(payment.state));
    for (const payment of open) {
      await cancelOpen(inTenant, payment).catch((error: unknown) => {
        if (!(error instanceof ProviderUnavailable)) throw error;
        logger.warn({ orderId, paymentId: payment.id }, 'payment of a cancelled order not cancelled yet');
      });
    }
    const claims = await inTenant((manager) => claimRefunds(manager, orderId));
    for (const claim of claims) {
      const { errors } = await payments.carryOutRefund(inTenant, claim);
      if (errors.length > 0)
        logger.warn({ orderId, refundId: claim.refundId, errors }, 'cancelled order not refunded yet');
    }
  }

  /** Cancelled orders whose payments may not be at rest: an open charge, money left, a claim not carried out. */
  async function resumeUnsettled(): Promise<number> {
    const unsettled = (await database.system((manager) =>
      manager.query(
        `SELECT DISTINCT o.tenant_id, o.id
           FROM payments.payable_orders o
           JOIN payments.payments p ON p.order_id = o.id
          WHERE o.cancelled_at > now() - make_interval(days => $1)
            AND ((p.state = ANY($2) AND p.provider_reference IS NOT NULL AND p.provider <> 'IN_STORE')
              OR (p.state = 'SUCCEEDED' AND p.refunded < p.amount
                  AND NOT EXISTS (SELECT 1 FROM payments.refunds r WHERE r.payment_id = p.id AND r.reason = $3))
              OR EXISTS (SELECT 1 FROM payments.refunds r WHERE r.payment_id = p.id AND r.reason = $3
                            AND r.state = 'PENDING' AND r.provider_reference IS NULL))
          LIMIT 100`,
        [SWEEP_DAYS, [...OPEN], CANCELLATION_REASON],
      ),
    )) as { tenant_id: string; id: string }[];
    let settled = 0;
    // One order the provider will not settle now does not hold back the others.
    for (const order of unsettled) {
      await settle(order.tenant_id, order.id).then(
        () => (settled += 1),
        (error: unknown) => logger.warn({ err: error, orderId: order.id }, 'cancelled order not settled yet'),
      );
    }
    return settled;
  }

  return { settle, resumeUnsettled };
}

export type OrderCancellation = ReturnType<typeof createOrderCancellation>;
