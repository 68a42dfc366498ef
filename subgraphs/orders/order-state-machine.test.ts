import { describe, expect, it } from 'vitest';
import type { Identity } from '../../common/identity/identity.ts';
import type { Order, OrderStatus } from './order.entity.ts';
import { judgeTransition, type OrderAction } from './order-state-machine.ts';

const customer: Identity = { kind: 'user', userId: 'c1', tenantId: 't', roles: ['CUSTOMER'], scopes: [], tier: 'FREE' };
const otherCustomer: Identity = { ...customer, userId: 'c2' };
const barista: Identity = { ...customer, userId: 'b1', roles: ['BARISTA'] };
const pos: Identity = {
  kind: 'api_key',
  userId: null,
  tenantId: 't',
  roles: [],
  scopes: ['orders:write'],
  tier: 'FREE',
};
const reader: Identity = { ...pos, scopes: ['orders:read'] };

const orderIn = (status: OrderStatus) => ({ status, customerId: 'c1' }) as Order;

describe('the order state machine', () => {
  it('walks an order from PLACED to COMPLETED for staff and integrations', () => {
    const path: [OrderStatus, OrderAction, OrderStatus][] = [
      ['PLACED', 'ACCEPT', 'ACCEPTED'],
      ['ACCEPTED', 'START', 'PREPARING'],
      ['PREPARING', 'MARK_READY', 'READY'],
      ['READY', 'HAND_OVER', 'COMPLETED'],
    ];
    for (const [from, action, to] of path) {
      expect(judgeTransition(orderIn(from), action, barista)).toMatchObject({ allowed: true, to });
      expect(judgeTransition(orderIn(from), action, pos)).toMatchObject({ allowed: true, to });
    }
  });

  it('refuses every move the table does not name', () => {
    expect(judgeTransition(orderIn('PLACED'), 'START', barista)).toEqual({
      allowed: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(judgeTransition(orderIn('COMPLETED'), 'CANCEL', barista)).toEqual({
      allowed: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(judgeTransition(orderIn('READY'), 'ACCEPT', barista)).toEqual({
      allowed: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(judgeTransition(orderIn('CANCELLED'), 'ACCEPT', barista)).toEqual({
      allowed: false,
      reason: 'INVALID_TRANSITION',
    });
  });

  it('lets a customer cancel their own order only while it is PLACED', () => {
    expect(judgeTransition(orderIn('PLACED'), 'CANCEL', customer)).toMatchObject({ allowed: true, to: 'CANCELLED' });
    expect(judgeTransition(orderIn('ACCEPTED'), 'CANCEL', customer)).toEqual({ allowed: false, reason: 'FORBIDDEN' });
    expect(judgeTransition(orderIn('PLACED'), 'CANCEL', otherCustomer)).toEqual({
      allowed: false,
      reason: 'FORBIDDEN',
    });
    expect(judgeTransition(orderIn('ACCEPTED'), 'CANCEL', barista)).toMatchObject({ allowed: true });
  });

  it('keeps customers and read-only keys out of the kitchen', () => {
    expect(judgeTransition(orderIn('PLACED'), 'ACCEPT', customer)).toEqual({ allowed: false, reason: 'FORBIDDEN' });
    expect(judgeTransition(orderIn('PLACED'), 'ACCEPT', reader)).toEqual({ allowed: false, reason: 'FORBIDDEN' });
  });
});
