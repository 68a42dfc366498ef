import type { PubSubEngine } from 'graphql-subscriptions';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { createAuthService } from './auth.service.ts';
import type { createBrandingService } from './branding.service.ts';
import type { createInvitationService } from './invitation.service.ts';
import type { TenantLoaders } from './loaders.ts';
import type { createPasswordResetService } from './password-reset.service.ts';
import type { PlatformService } from './platform.service.ts';
import type { SessionService } from './session.service.ts';
import type { createSignUpService } from './sign-up.service.ts';
import type { PrivacyService } from './privacy.service.ts';
import type { RetentionService } from './retention.service.ts';
import type { TimeZoneService } from './time-zone.service.ts';
import type { SsoService } from './sso.service.ts';
import type { UsageService } from './usage.service.ts';

export interface TenantContext extends SubgraphContext {
  loaders: TenantLoaders;
  auth: ReturnType<typeof createAuthService>;
  signUp: ReturnType<typeof createSignUpService>;
  sessions: SessionService;
  branding: ReturnType<typeof createBrandingService>;
  sso: SsoService;
  usage: UsageService;
  privacy: PrivacyService;
  retention: RetentionService;
  timeZones: TimeZoneService;
  invitations: ReturnType<typeof createInvitationService>;
  passwordResets: ReturnType<typeof createPasswordResetService>;
  platform: PlatformService;
  pubsub: PubSubEngine;
}
