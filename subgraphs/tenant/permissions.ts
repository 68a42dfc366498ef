import { allow, isAuthenticated } from '../../common/graphql/rules.ts';

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    currentTenant: isAuthenticated,
    me: isAuthenticated,
  },
  Mutation: {
    login: allow,
    signUp: allow,
    refreshToken: allow,
    logout: allow,
  },
  RefreshTokenPayload: allow,
  LogoutPayload: allow,
  LoginPayload: allow,
  SignUpPayload: allow,
  Plan: isAuthenticated,
  UserError: allow,
  Tenant: isAuthenticated,
  User: isAuthenticated,
};
