import type { ChargeState } from './payment-state.ts';
import type { Provider, RefundState } from './payment.entity.ts';

export interface ChargeRequest {
  tenantId: string;
  orderId: string;
  paymentId: string;
  amount: number;
  currency: string;
  /** The same key gives the same charge: a retry after a lost answer charges nothing twice. */
  idempotencyKey: string;
  /** Where a provider whose buyer approves on its own pages (PayPal) sends the buyer back. */
  buyerReturn?: BuyerReturn;
}

export interface BuyerReturn {
  returnUrl: string;
  cancelUrl: string;
}

/** A charge as its provider reports it. */
export interface ProviderCharge {
  reference: string | null;
  state: ChargeState;
  /**
   * What the client needs to go on with the payment itself, if anything: Stripe's client secret,
   * or the PayPal page where the buyer approves.
   */
  clientSecret: string | null;
  /** The id of the capture that collected it, where the provider refunds captures (PayPal). */
  captureReference?: string | null;
  failureMessage: string | null;
}

export interface RefundRequest {
  /** Our refund's id: the provider keeps it with the refund, so its later reports find ours. */
  refundId: string;
  chargeReference: string | null;
  captureReference: string | null;
  amount: number;
  currency: string;
  reason: string | null;
  idempotencyKey: string;
}

export interface ProviderRefund {
  reference: string | null;
  state: RefundState;
  failureMessage: string | null;
}

/** The provider refused the request for good (a decline, an invalid request): retrying changes nothing. */
export class ProviderRefusal extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The provider could not be reached or did not answer (down, overloaded, rate limited): try again later. */
export class ProviderUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`payment provider unavailable: ${reason}`);
  }
}

/**
 * One way of collecting money. `create` starts a charge, `retrieve` reads it back (a lost answer,
 * a client asking again), `refund` returns money, `cancel` closes a charge not yet collected so the
 * buyer can no longer pay it (for providers where one stays open). Every call that moves money takes an idempotency
 * key the provider honours. Providers whose buyer approves elsewhere (PayPal's approval, Stripe's
 * client-side confirmation) report the outcome by webhook.
 */
export interface PaymentProvider {
  readonly name: Provider;
  create(request: ChargeRequest): Promise<ProviderCharge>;
  retrieve(reference: string): Promise<ProviderCharge>;
  refund(request: RefundRequest): Promise<ProviderRefund>;
  cancel?(reference: string): Promise<ProviderCharge>;
}
