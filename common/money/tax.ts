/**
 * Tax on an order, from the sum of its lines (never per line), with the rate in basis points.
 * Rounding: half away from zero, to the whole minor unit of the currency — cents for USD, yen for
 * JPY — done in integer arithmetic so no float ever touches an amount.
 * - Prices exclude tax: tax = round(subtotal × rate / 10000); total = subtotal + tax.
 * - Prices include tax: the net part is round(subtotal × 10000 / (10000 + rate)); tax is the
 *   rest; total = subtotal.
 */
export interface TaxedTotals {
  subtotal: number;
  tax: number;
  total: number;
}

export function taxTotals(subtotal: number, rateBasisPoints: number, pricesIncludeTax: boolean): TaxedTotals {
  if (pricesIncludeTax) {
    const net = divideRounded(BigInt(subtotal) * 10_000n, BigInt(10_000 + rateBasisPoints));
    return { subtotal, tax: subtotal - net, total: subtotal };
  }
  const tax = divideRounded(BigInt(subtotal) * BigInt(rateBasisPoints), 10_000n);
  return { subtotal, tax, total: subtotal + tax };
}

/** numerator / denominator rounded half away from zero; denominator > 0. */
function divideRounded(numerator: bigint, denominator: bigint): number {
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator * sign;
  return Number((sign * (2n * magnitude + denominator)) / (2n * denominator));
}
