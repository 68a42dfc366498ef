import type { ChargeState } from '../payment-state.ts';
import type { ProviderCharge } from '../payment-provider.ts';
import type { PayPalLink } from './paypal-client.ts';

/** A capture as Orders v2 and the PAYMENT.CAPTURE.* webhooks show it. */
export interface PayPalCapture {
  id: string;
  status: 'COMPLETED' | 'DECLINED' | 'PARTIALLY_REFUNDED' | 'PENDING' | 'REFUNDED' | 'FAILED';
  amount: { currency_code: string; value: string };
  custom_id?: string;
  status_details?: { reason?: string };
  supplementary_data?: { related_ids?: { order_id?: string } };
}

/** An Orders v2 order, as far as we read it. */
export interface PayPalOrder {
  id: string;
  status: 'CREATED' | 'SAVED' | 'APPROVED' | 'VOIDED' | 'COMPLETED' | 'PAYER_ACTION_REQUIRED';
  purchase_units?: {
    reference_id?: string;
    custom_id?: string;
    amount?: { currency_code: string; value: string };
    payments?: { captures?: PayPalCapture[] };
  }[];
  links?: PayPalLink[];
}

/** Our charge state for a capture's status. */
export function captureState(capture: Pick<PayPalCapture, 'status'>): ChargeState {
  switch (capture.status) {
    case 'COMPLETED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return 'SUCCEEDED';
    case 'DECLINED':
    case 'FAILED':
      return 'FAILED';
    default:
      return 'PENDING';
  }
}

export const captureOf = (order: PayPalOrder): PayPalCapture | null =>
  order.purchase_units?.[0]?.payments?.captures?.[0] ?? null;

/** The order as a charge: its capture decides once there is one; the approval link until then. */
export function chargeOfOrder(order: PayPalOrder): ProviderCharge {
  const capture = captureOf(order);
  const state: ChargeState = capture ? captureState(capture) : order.status === 'VOIDED' ? 'CANCELED' : 'PENDING';
  const approve = order.links?.find((link) => link.rel === 'payer-action' || link.rel === 'approve');
  return {
    reference: order.id,
    captureReference: capture?.id ?? null,
    state,
    clientSecret: capture ? null : (approve?.href ?? null),
    failureMessage:
      state === 'FAILED' ? `PayPal declined the capture (${capture?.status_details?.reason ?? capture?.status})` : null,
  };
}
