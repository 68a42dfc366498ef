import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import { requireKey } from '../../common/identity/keys.ts';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { createAccessTokenIssuer } from './access-token-issuer.ts';
import { ApiKeyEntity } from './api-key.entity.ts';
import { AuditEventEntity } from './audit-event.entity.ts';
import { auditTrailConsumer } from './audit.service.ts';
import { billingEventsConsumer } from './billing-events.consumer.ts';
import { createAuthService } from './auth.service.ts';
import { createBrandingService } from './branding.service.ts';
import { createInternalRoutes } from './internal-routes.ts';
import { InvitationEntity } from './invitation.entity.ts';
import { createInvitationService } from './invitation.service.ts';
import { PasswordResetEntity } from './password-reset.entity.ts';
import { createPasswordResetService } from './password-reset.service.ts';
import type { TenantContext } from './context.ts';
import { createTenantLoaders } from './loaders.ts';
import { MembershipEntity } from './membership.entity.ts';
import { migrations } from './migrations/index.ts';
import { permissions } from './permissions.ts';
import { RefreshTokenEntity } from './refresh-token.entity.ts';
import { resolvers } from './resolvers.ts';
import { seedTenantDemo } from './seed.ts';
import { SsoConnectionEntity } from './sso-connection.entity.ts';
import { createSsoService } from './sso.service.ts';
import { UsageCounterEntity } from './usage-counter.entity.ts';
import { createUsageService, seatsTaken } from './usage.service.ts';
import { createPlatformService } from './platform.service.ts';
import { createPrivacyService } from './privacy.service.ts';
import { createRetentionService } from './retention.service.ts';
import { createTimeZoneService } from './time-zone.service.ts';
import { createSessionService } from './session.service.ts';
import { createSignUpService } from './sign-up.service.ts';
import { TenantEntity } from './tenant.entity.ts';
import { UserEntity } from './user.entity.ts';

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export const tenantSubgraph: SubgraphModule = {
  name: 'tenant',
  database: {
    schema: 'tenant',
    entities: [
      TenantEntity,
      UserEntity,
      MembershipEntity,
      RefreshTokenEntity,
      ApiKeyEntity,
      AuditEventEntity,
      InvitationEntity,
      PasswordResetEntity,
      SsoConnectionEntity,
      UsageCounterEntity,
    ],
    migrations,
  },
  definition({ config, database, keys, rateLimiter, pubsub, mailer }) {
    const tokens = createAccessTokenIssuer(
      requireKey(keys.auth?.privateKey, 'AUTH_SIGNING_KEY'),
      config.ACCESS_TOKEN_TTL_SECONDS,
    );
    const sessions = createSessionService(database, tokens);
    const auth = createAuthService(database, sessions, rateLimiter);
    const signUp = createSignUpService(database, sessions);
    const invitations = createInvitationService(database, mailer, sessions);
    const branding = createBrandingService(database);
    const sso = createSsoService(database);
    const usage = createUsageService(database);
    const privacy = createPrivacyService(database);
    const retention = createRetentionService(database);
    const timeZones = createTimeZoneService(database);
    const passwordResets = createPasswordResetService(database, mailer, sessions, rateLimiter);
    const platform = createPlatformService(database);
    const services = {
      auth,
      platform,
      signUp,
      sessions,
      pubsub,
      invitations,
      passwordResets,
      branding,
      sso,
      usage,
      privacy,
      retention,
      timeZones,
    };
    return {
      name: 'tenant',
      typeDefs,
      resolvers,
      permissions,
      internalRoutes: createInternalRoutes(database, sso, usage),
      auditedQueries: ['platformTenants'],
      extendContext: (base): TenantContext => ({
        ...base,
        ...services,
        loaders: createTenantLoaders(base),
        quotaUsage: { USERS: () => base.transaction((manager) => seatsTaken(manager, base.identity.tenantId!)) },
      }),
    };
  },
  consumers: ({ database }) => [auditTrailConsumer(database), billingEventsConsumer(database)],
  background: ({ database }) => [
    { name: 'retention-sweep', everyMs: 60 * 60_000, run: () => createRetentionService(database).sweep() },
  ],
  seedDemo: ({ database }) => seedTenantDemo(database),
  eventFeedKey: ({ keys }) => requireKey(keys.events?.publicKey, 'EVENTS_VERIFY_KEY'),
};
