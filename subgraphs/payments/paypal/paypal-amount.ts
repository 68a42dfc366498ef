import { minorUnitDigits } from '../../../common/money/money.ts';

/** Currencies PayPal takes in whole units only (https://developer.paypal.com/reference/currency-codes/). */
const WHOLE_UNITS = new Set(['HUF', 'JPY', 'TWD']);

const paypalDecimals = (currency: string) => (WHOLE_UNITS.has(currency.toUpperCase()) ? 0 : minorUnitDigits(currency));

/**
 * Our amount (the currency's ISO minor unit) as PayPal's decimal string: 1126 USD is "11.26",
 * 1260 JPY is "1260". TWD has two decimals in ISO but none at PayPal, so 150000 TWD is "1500";
 * an amount with a fraction PayPal cannot carry is refused rather than rounded.
 */
export function toPayPalValue(amount: number, currency: string): string {
  const ours = minorUnitDigits(currency);
  const theirs = paypalDecimals(currency);
  const scale = 10 ** (ours - theirs);
  if (amount % scale !== 0) throw new RangeError(`${amount} ${currency} has a fraction PayPal does not take`);
  const units = amount / scale;
  if (theirs === 0) return String(units);
  const digits = String(Math.abs(units)).padStart(theirs + 1, '0');
  return `${units < 0 ? '-' : ''}${digits.slice(0, -theirs)}.${digits.slice(-theirs)}`;
}

/** PayPal's decimal string in our minor unit; fails loudly on a value it cannot read exactly. */
export function fromPayPalValue(value: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  const ours = minorUnitDigits(currency);
  if (!match || (match[3]?.length ?? 0) > ours)
    throw new Error(`PayPal value ${value} ${currency} is not whole in our unit`);
  const amount = Number(match[2]! + (match[3] ?? '').padEnd(ours, '0'));
  return match[1] ? -amount : amount;
}
