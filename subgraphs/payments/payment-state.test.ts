import { describe, expect, it } from 'vitest';
import { advance, advanceDispute, orderPaymentStatus, paymentStatus } from './payment-state.ts';

describe('a payment state reported out of order', () => {
  it('moves forward and ignores a report older than what is known', () => {
    expect(advance('PENDING', 'SUCCEEDED')).toBe('SUCCEEDED');
    expect(advance('SUCCEEDED', 'FAILED')).toBe('SUCCEEDED');
    expect(advance('SUCCEEDED', 'PENDING')).toBe('SUCCEEDED');
    expect(advance('CANCELED', 'SUCCEEDED')).toBe('CANCELED');
  });

  it('lets a declined card be followed by a successful one', () => {
    expect(advance(advance('PENDING', 'FAILED'), 'SUCCEEDED')).toBe('SUCCEEDED');
  });

  it('keeps a dispute closed when a late report says it opened', () => {
    expect(advanceDispute('lost', 'needs_response')).toBe('lost');
    expect(advanceDispute('needs_response', 'won')).toBe('won');
  });
});

describe("an order's payment status", () => {
  const paid = { state: 'SUCCEEDED' as const, amount: 1000, refunded: 0 };

  it('is UNPAID without payments and FAILED when the latest try was declined', () => {
    expect(orderPaymentStatus([])).toBe('UNPAID');
    expect(orderPaymentStatus([{ state: 'FAILED', amount: 1000, refunded: 0 }])).toBe('FAILED');
  });

  it('follows the collected payment through partial and full refunds', () => {
    expect(orderPaymentStatus([{ state: 'FAILED', amount: 1000, refunded: 0 }, paid])).toBe('PAID');
    expect(orderPaymentStatus([{ ...paid, refunded: 400 }])).toBe('PARTIALLY_REFUNDED');
    expect(orderPaymentStatus([{ ...paid, refunded: 1000 }])).toBe('REFUNDED');
    expect(paymentStatus({ ...paid, refunded: 400 })).toBe('PARTIALLY_REFUNDED');
  });
});
