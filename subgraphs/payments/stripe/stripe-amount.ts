import { minorUnitDigits } from '../../../common/money/money.ts';

/** Currencies Stripe takes in whole units (https://docs.stripe.com/currencies#zero-decimal). */
const ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '));
/** Currencies Stripe takes in thousandths (https://docs.stripe.com/currencies#three-decimal). */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** How many decimals Stripe's `amount` has for a currency; most have two. */
export const stripeDecimals = (currency: string): number => {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  return THREE_DECIMAL.has(code) ? 3 : 2;
};

/**
 * Our amount (the currency's ISO minor unit) in Stripe's smallest unit. They agree for nearly every
 * currency (JPY 0 and 0, USD 2 and 2); where they do not (ISK: 0 in ISO, 2 at Stripe) it is scaled.
 */
export function toStripeAmount(amount: number, currency: string): number {
  return amount * 10 ** (stripeDecimals(currency) - minorUnitDigits(currency));
}

/** Stripe's amount in our minor unit; fails loudly on a fraction rather than round money. */
export function fromStripeAmount(amount: number, currency: string): number {
  const ours = amount / 10 ** (stripeDecimals(currency) - minorUnitDigits(currency));
  if (!Number.isSafeInteger(ours)) throw new Error(`Stripe amount ${amount} ${currency} is not whole in our unit`);
  return ours;
}
