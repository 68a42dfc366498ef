import { allow, hasRole, isAuthenticated } from '../../common/graphql/rules.ts';

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    stores: isAuthenticated,
    store: isAuthenticated,
  },
  Mutation: {
    createStore: hasRole('OWNER', 'ADMIN'),
  },
  Store: isAuthenticated,
  Tenant: isAuthenticated,
  StoreConnection: allow,
  StoreEdge: allow,
  PageInfo: allow,
  CreateStorePayload: allow,
  UserError: allow,
};
