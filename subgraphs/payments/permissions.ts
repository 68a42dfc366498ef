import {
  allow,
  and,
  hasRole,
  hasScope,
  isAuthenticated,
  isOwner,
  isTenantCaller,
  or,
  sameTenant,
} from '../../common/graphql/rules.ts';

const staff = hasRole('OWNER', 'ADMIN', 'MANAGER', 'BARISTA');
const readsPayments = hasScope('orders:read', 'orders:write', 'payments:write');
// Who sees which payment is decided per object: staff and integrations all, a customer their own.
const ownTenantPayment = and(isTenantCaller, sameTenant, or(staff, isOwner('customerId'), readsPayments));

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    payment: or(isAuthenticated, readsPayments),
  },
  Mutation: {
    // Customers pay their own orders (the service finds no other); staff and integrations any.
    startStripePayment: or(isAuthenticated, hasScope('payments:write')),
    recordInStorePayment: or(staff, hasScope('payments:write')),
    refundPayment: or(hasRole('OWNER', 'ADMIN', 'MANAGER'), hasScope('payments:write')),
  },
  Payment: ownTenantPayment,
  Order: ownTenantPayment,
  Refund: and(isTenantCaller, sameTenant),
  Money: allow,
  UserError: allow,
  StartStripePaymentPayload: allow,
  RecordInStorePaymentPayload: allow,
  RefundPaymentPayload: allow,
};
