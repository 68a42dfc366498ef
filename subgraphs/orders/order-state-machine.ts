import type { Identity } from '../../common/identity/identity.ts';
import type { Order, OrderStatus } from './order.entity.ts';

export type OrderAction = 'ACCEPT' | 'START' | 'MARK_READY' | 'HAND_OVER' | 'CANCEL';

type Actor = 'customer' | 'staff';
type Stamp = 'acceptedAt' | 'startedAt' | 'readyAt' | 'completedAt' | 'cancelledAt';

interface Transition {
  from: Partial<Record<OrderStatus, readonly Actor[]>>;
  to: OrderStatus;
  stamp: Stamp;
}

const STAFF = ['staff'] as const;

/**
 * Every legal move of an order, and who may make it from where. Anything not in this table is an
 * INVALID_TRANSITION. Payment and stock guards are the order service's, since they need the database.
 */
export const ORDER_TRANSITIONS: Record<OrderAction, Transition> = {
  ACCEPT: { from: { PLACED: STAFF }, to: 'ACCEPTED', stamp: 'acceptedAt' },
  START: { from: { ACCEPTED: STAFF }, to: 'PREPARING', stamp: 'startedAt' },
  MARK_READY: { from: { PREPARING: STAFF }, to: 'READY', stamp: 'readyAt' },
  HAND_OVER: { from: { READY: STAFF }, to: 'COMPLETED', stamp: 'completedAt' },
  CANCEL: { from: { PLACED: ['customer', 'staff'], ACCEPTED: STAFF }, to: 'CANCELLED', stamp: 'cancelledAt' },
};

const STAFF_ROLES = new Set(['OWNER', 'ADMIN', 'MANAGER', 'BARISTA']);

/** Staff of the tenant, or an integration allowed to work its orders. */
export function isStaff(identity: Identity): boolean {
  if (identity.kind === 'api_key')
    return identity.scopes.some((scope) => scope === 'orders:write' || scope === 'admin');
  return identity.kind === 'user' && identity.roles.some((role) => STAFF_ROLES.has(role));
}

export type TransitionVerdict =
  { allowed: true; to: OrderStatus; stamp: Stamp } | { allowed: false; reason: 'INVALID_TRANSITION' | 'FORBIDDEN' };

/** Whether this caller may apply the action to the order in its current status. */
export function judgeTransition(order: Order, action: OrderAction, identity: Identity): TransitionVerdict {
  const transition = ORDER_TRANSITIONS[action];
  const actors = transition.from[order.status];
  if (!actors) return { allowed: false, reason: 'INVALID_TRANSITION' };
  const actor: Actor | null = isStaff(identity)
    ? 'staff'
    : identity.kind === 'user' && order.customerId === identity.userId
      ? 'customer'
      : null;
  if (!actor || !actors.includes(actor)) return { allowed: false, reason: 'FORBIDDEN' };
  return { allowed: true, to: transition.to, stamp: transition.stamp };
}
