import type { EntityManager } from 'typeorm';
import { isUuid } from '../../../common/database/uuid.ts';
import type { SubgraphContext } from '../../../common/graphql/subgraph-context.ts';
import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { applyReport } from '../payment-report.ts';
import { ProviderRefusal, ProviderUnavailable, type ProviderCharge } from '../payment-provider.ts';
import { PaymentEntity, type Payment } from '../payment.entity.ts';
import { unavailable, type PaymentService } from '../payment.service.ts';
import type { PayPalProvider } from './paypal.provider.ts';

const MAX_URL_LENGTH = 2000;

export interface StartPayPalInput {
  orderId: string;
  returnUrl: string;
  cancelUrl: string;
}

export type PayPalPaymentResult = { payment: Payment | null; approveUrl?: string | null; errors: UserError[] };

/** The capture's PayPal-Request-Id: however often it is asked for, the attempt is captured once. */
export const captureKey = (payment: Pick<Payment, 'id'>) => `capture-${payment.id}`;

function urlErrors(input: StartPayPalInput): UserError[] {
  return (['returnUrl', 'cancelUrl'] as const).flatMap((field) => {
    const value = input[field];
    const url = value.length <= MAX_URL_LENGTH && URL.canParse(value) ? new URL(value) : null;
    return url && (url.protocol === 'https:' || url.protocol === 'http:')
      ? []
      : [
          userError('INVALID_URL', `${field} must be an http or https URL of at most ${MAX_URL_LENGTH} characters`, [
            field,
          ]),
        ];
  });
}

const NOT_OFFERED = userError('PROVIDER_UNAVAILABLE', 'PAYPAL payments are not set up here');

/**
 * Paying through PayPal: start (an Orders v2 order the buyer approves on PayPal's pages) and capture
 * once the buyer is back, or once PayPal tells us the order was approved.
 */
export function createPayPalPayments(payments: PaymentService, provider: PayPalProvider | null) {
  const lock = (manager: EntityManager, id: string) =>
    manager.getRepository(PaymentEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });

  /**
   * PayPal's answer to capturing the payment's order, as a report to record. A refusal is a report of
   * failure; PayPal out of reach is thrown (ProviderUnavailable), since nothing is known then.
   */
  async function captureReport(
    payment: Payment,
  ): Promise<ProviderCharge | { state: 'FAILED'; failureMessage: string }> {
    try {
      return await provider!.capture(payment.providerReference!, captureKey(payment));
    } catch (error) {
      if (error instanceof ProviderRefusal && error.code !== 'ORDER_NOT_APPROVED') {
        return { state: 'FAILED', failureMessage: error.message };
      }
      throw error;
    }
  }

  return {
    captureReport,

    async start(ctx: SubgraphContext, input: StartPayPalInput): Promise<PayPalPaymentResult> {
      const errors = urlErrors(input);
      if (errors.length > 0) return { payment: null, approveUrl: null, errors };
      const { clientSecret, ...result } = await payments.start(ctx, {
        orderId: input.orderId,
        provider: 'PAYPAL',
        buyerReturn: { returnUrl: input.returnUrl, cancelUrl: input.cancelUrl },
      });
      return { ...result, approveUrl: clientSecret };
    },

    /** Captures the buyer's approved payment; one captured already is returned as it is. */
    async capture(ctx: SubgraphContext, paymentId: string): Promise<PayPalPaymentResult> {
      if (!provider) return { payment: null, errors: [NOT_OFFERED] };
      const payment = isUuid(paymentId)
        ? await ctx.transaction((manager) => payments.findVisible(manager, ctx.identity, paymentId))
        : null;
      if (!payment || payment.provider !== 'PAYPAL') {
        return { payment: null, errors: [userError('PAYMENT_NOT_FOUND', 'No such PayPal payment', ['paymentId'])] };
      }
      if (payment.state === 'SUCCEEDED') return { payment, errors: [] };
      if (payment.state !== 'PENDING' || !payment.providerReference) {
        return {
          payment,
          errors: [userError('PAYMENT_NOT_CAPTURABLE', 'Only a started PayPal payment can be captured', ['paymentId'])],
        };
      }
      let report;
      try {
        report = await captureReport(payment);
      } catch (error) {
        if (error instanceof ProviderUnavailable) return { payment, errors: [unavailable(provider)] };
        if (error instanceof ProviderRefusal) {
          const message = 'The buyer has not approved the payment at PayPal yet';
          return { payment, errors: [userError('PAYMENT_NOT_APPROVED', message, ['paymentId'])] };
        }
        throw error;
      }
      const recorded = await ctx.transaction(async (manager) =>
        applyReport(manager, await lock(manager, payment.id), report),
      );
      return {
        payment: recorded,
        errors:
          recorded.state === 'FAILED'
            ? [userError('PAYMENT_REFUSED', `PAYPAL refused the payment: ${report.failureMessage}`)]
            : [],
      };
    },
  };
}

export type PayPalPayments = ReturnType<typeof createPayPalPayments>;
