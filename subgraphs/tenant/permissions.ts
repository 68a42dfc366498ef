import { allow, hasRole, isAuthenticated, isTenantCaller } from '../../common/graphql/rules.ts';

const tenantAdmins = hasRole('OWNER', 'ADMIN');

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    currentTenant: isTenantCaller,
    me: isAuthenticated,
    apiKeys: tenantAdmins,
    auditEvents: tenantAdmins,
  },
  Mutation: {
    login: allow,
    signUp: allow,
    refreshToken: allow,
    logout: allow,
    createApiKey: tenantAdmins,
    revokeApiKey: tenantAdmins,
    inviteUser: tenantAdmins,
    acceptInvitation: allow,
    requestPasswordReset: allow,
    resetPassword: allow,
  },
  InviteUserPayload: allow,
  AcceptInvitationPayload: allow,
  RequestPasswordResetPayload: allow,
  ResetPasswordPayload: allow,
  Invitation: tenantAdmins,
  LoginPayload: allow,
  SignUpPayload: allow,
  RefreshTokenPayload: allow,
  LogoutPayload: allow,
  CreateApiKeyPayload: allow,
  RevokeApiKeyPayload: allow,
  ApiKeyConnection: allow,
  ApiKeyEdge: allow,
  PageInfo: allow,
  UserError: allow,
  Tenant: isTenantCaller,
  Plan: isTenantCaller,
  User: isAuthenticated,
  ApiKey: tenantAdmins,
  AuditEvent: tenantAdmins,
  AuditEventConnection: allow,
  AuditEventEdge: allow,
};
