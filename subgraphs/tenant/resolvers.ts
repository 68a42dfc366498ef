import { pageOf, toConnection } from '../../common/graphql/connection.ts';
import { API_KEY_REVOKED_TOPIC } from '../../common/identity/api-key-format.ts';
import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import { apiKeyService } from './api-key.service.ts';
import { auditService } from './audit.service.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';
import { planOf } from './tenant-plan.ts';
import { tenantService } from './tenant.service.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    currentTenant: (_, __, ctx) => ctx.loaders.tenant.load(ctx.identity.tenantId!),
    me: (_, __, ctx) => ctx.loaders.user.load(ctx.identity.userId!),
    apiKeys: async (_, args, ctx) => {
      const page = pageOf(args);
      const [keys, total] = await ctx.transaction((manager) => apiKeyService.findPage(manager, page));
      return toConnection(keys, total, page);
    },
    exportMyData: (_, __, ctx) => ctx.privacy.exportFor(ctx.identity),
    usage: (_, __, ctx) => ctx.transaction((manager) => ctx.usage.report(manager, ctx.identity.tenantId!)),
    ssoConnections: (_, __, ctx) => ctx.transaction((manager) => ctx.sso.list(manager)),
    platformTenants: async (_, args, ctx) => {
      const page = pageOf(args);
      const [tenants, total] = await ctx.platform.tenants(page);
      return toConnection(tenants, total, page);
    },
    auditEvents: async (_, { filter, ...args }, ctx) => {
      const page = pageOf(args);
      const [events, total] = await ctx.transaction((manager) => auditService.findPage(manager, filter ?? {}, page));
      return toConnection(events, total, page);
    },
  },
  Mutation: {
    login: (_, { input }, ctx) => ctx.auth.login(input, ctx.clientIp),
    signUp: (_, { input }, ctx) => ctx.signUp.signUp(input),
    refreshToken: (_, { input }, ctx) => ctx.sessions.refresh(input.refreshToken),
    logout: async (_, { input }, ctx) => {
      await ctx.sessions.end(input.refreshToken);
      return { errors: [] };
    },
    createApiKey: (_, { input }, ctx) =>
      ctx.transaction((manager) => apiKeyService.create(manager, ctx.identity, input)),
    updateConsents: (_, { input }, ctx) =>
      ctx.transaction((manager) => ctx.privacy.updateConsents(manager, ctx.identity.userId!, input)),
    setDataRetention: (_, { input }, ctx) => ctx.retention.set(ctx.identity.tenantId!, input.days ?? null),
    setTenantTimeZone: (_, { input }, ctx) => ctx.timeZones.set(ctx.identity.tenantId!, input.timeZone),
    eraseCustomer: (_, { input }, ctx) => ctx.privacy.eraseCustomer(ctx.identity.tenantId!, input.userId),
    registerSsoConnection: (_, { input }, ctx) => ctx.sso.register(ctx.identity.tenantId!, input),
    updateBranding: (_, { input }, ctx) => ctx.branding.update(ctx.identity.tenantId!, input),
    inviteUser: (_, { input }, ctx) => ctx.invitations.invite(ctx.identity, input),
    acceptInvitation: (_, { input }, ctx) => ctx.invitations.accept(input),
    requestPasswordReset: (_, { input }, ctx) => ctx.passwordResets.request(input.email),
    resetPassword: (_, { input }, ctx) => ctx.passwordResets.reset(input.token, input.password),
    revokeApiKey: async (_, { input }, ctx) => {
      const result = await ctx.transaction((manager) => apiKeyService.revoke(manager, input.id));
      if (result.apiKey) await ctx.pubsub.publish(API_KEY_REVOKED_TOPIC, { prefix: result.apiKey.prefix });
      return result;
    },
  },
  Tenant: {
    __resolveReference: ({ id }, ctx) => ctx.loaders.tenant.load(id),
    status: (tenant) => planOf(tenant).status,
    tier: (tenant) => planOf(tenant).tier,
    branding: (tenant) => ({
      displayName: tenant.displayName ?? tenant.name,
      logoUrl: tenant.logoUrl,
      primaryColor: tenant.primaryColor,
      accentColor: tenant.accentColor,
      customDomain: tenant.customDomain,
    }),
    plan: (tenant) => {
      const { tier, onTrial, limits } = planOf(tenant);
      return {
        tier,
        onTrial,
        users: limits.users,
        aiAgents: limits.aiAgents,
        apiCallsPerMonth: limits.apiCallsPerMonth,
        storageGigabytes: limits.storageBytes === null ? null : limits.storageBytes / 1024 ** 3,
        features: limits.features,
      };
    },
  },
  SsoConnection: {
    roleMapping: (connection) => Object.entries(connection.roleMapping).map(([group, role]) => ({ group, role })),
  },
  PersonalDataExport: {
    __resolveReference: (reference, ctx) =>
      reference.userId === ctx.identity.userId ? ctx.privacy.exportFor(ctx.identity) : null,
  },
  User: {
    __resolveReference: ({ id }, ctx) => ctx.loaders.user.load(id),
    consents: (user) => ({
      marketingEmails: user.marketingConsent,
      analytics: user.analyticsConsent,
      updatedAt: user.consentUpdatedAt,
    }),
    role: ({ id }, _, ctx) => ctx.transaction((manager) => tenantService.roleOf(manager, ctx.identity.tenantId!, id)),
  },
};
