import {
  allow,
  and,
  hasRole,
  hasScope,
  isAuthenticated,
  isOwnTenant,
  isTenantCaller,
  or,
  sameTenant,
} from '../../common/graphql/rules.ts';

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
  Store: and(isTenantCaller, sameTenant),
  Tenant: and(isTenantCaller, isOwnTenant),
  StoreConnection: allow,
  StoreEdge: allow,
  PageInfo: allow,
  CreateStorePayload: allow,
  UserError: allow,
};
