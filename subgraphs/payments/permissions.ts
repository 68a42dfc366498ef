import {
  allow,
  and,
  hasRole,
  hasScope,
  isAuthenticated,
  isOwner,
  isPlatformOperator,
  isTenantCaller,
  or,
  sameTenant,
} from '../../common/graphql/rules.ts';

const staff = hasRole('OWNER', 'ADMIN', 'MANAGER', 'BARISTA');
// The tenant's subscription is the owner's to change; admins may read it.
const owner = and(isTenantCaller, hasRole('OWNER'));
const ownerOrAdmin = and(isTenantCaller, hasRole('OWNER', 'ADMIN'));
const readsPayments = hasScope('orders:read', 'orders:write', 'payments:write');
// Who sees which payment is decided per object: staff and integrations all, a customer their own.
const ownTenantPayment = and(isTenantCaller, sameTenant, or(staff, isOwner('customerId'), readsPayments));

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    payment: or(isAuthenticated, readsPayments),
    billing: ownerOrAdmin,
    invoices: ownerOrAdmin,
    revenueReport: and(isTenantCaller, hasRole('OWNER', 'ADMIN', 'MANAGER')),
    payouts: ownerOrAdmin,
    platformRevenue: isPlatformOperator,
  },
  Mutation: {
    // Customers pay their own orders (the service finds no other); staff and integrations any.
    startStripePayment: or(isAuthenticated, hasScope('payments:write')),
    startPayPalPayment: or(isAuthenticated, hasScope('payments:write')),
    capturePayPalPayment: or(isAuthenticated, hasScope('payments:write')),
    // Money leaves the tenant: its owners and admins only.
    createPayout: ownerOrAdmin,
    recordInStorePayment: or(staff, hasScope('payments:write')),
    refundPayment: or(hasRole('OWNER', 'ADMIN', 'MANAGER'), hasScope('payments:write')),
    startSubscription: owner,
    changeSubscriptionTier: owner,
    cancelSubscription: owner,
  },
  Payment: ownTenantPayment,
  Order: ownTenantPayment,
  Refund: and(isTenantCaller, sameTenant),
  Money: allow,
  UserError: allow,
  StartStripePaymentPayload: allow,
  RecordInStorePaymentPayload: allow,
  RefundPaymentPayload: allow,
  StartPayPalPaymentPayload: allow,
  CapturePayPalPaymentPayload: allow,
  Payout: and(isTenantCaller, sameTenant),
  // Reached only through payouts and createPayout, which are the tenant's own.
  PayoutItem: allow,
  PayoutEdge: allow,
  PayoutConnection: allow,
  CreatePayoutPayload: allow,
  // Reached only through the billing fields above, which are the tenant's own.
  TenantBilling: allow,
  Invoice: allow,
  InvoiceEdge: allow,
  InvoiceConnection: allow,
  PageInfo: allow,
  SubscriptionPayload: allow,
  // Reached only through revenueReport, which reads the caller's tenant.
  RevenueRow: allow,
  // Every tenant's revenue together: for the platform's operators only.
  PlatformRevenueMonth: isPlatformOperator,
  TierTenants: isPlatformOperator,
};
