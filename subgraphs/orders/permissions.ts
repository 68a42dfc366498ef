import { allow, hasRole, hasScope, isAuthenticated, isTenantCaller, or } from '../../common/graphql/rules.ts';

const readsOrders = or(isAuthenticated, hasScope('orders:read', 'orders:write'));

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    stores: readsOrders,
    store: readsOrders,
  },
  Mutation: {
    createStore: or(hasRole('OWNER', 'ADMIN'), hasScope('admin')),
  },
  Store: isTenantCaller,
  Tenant: isTenantCaller,
  StoreConnection: allow,
  StoreEdge: allow,
  PageInfo: allow,
  CreateStorePayload: allow,
  UserError: allow,
};
