import type { KeyObject } from 'node:crypto';
import { signAccessToken } from '../../common/identity/access-token.ts';
import type { Role } from '../../common/identity/identity.ts';
import type { Tenant } from './tenant.entity.ts';
import { planOf } from './tenant-plan.ts';

export type AccessTokenIssuer = ReturnType<typeof createAccessTokenIssuer>;

/** Access tokens carry the tenant's current plan tier, so the gateway can apply its limits. */
export function createAccessTokenIssuer(signingKey: KeyObject, ttlSeconds: number) {
  return {
    issue: (userId: string, tenant: Tenant, role: Role) =>
      signAccessToken(
        { userId, tenantId: tenant.id, roles: [role], tier: planOf(tenant).tier },
        signingKey,
        ttlSeconds,
      ),
    /** A platform operator's token: SUPERADMIN, in no tenant. */
    issueForOperator: (userId: string) =>
      signAccessToken({ userId, tenantId: null, roles: ['SUPERADMIN'], tier: null }, signingKey, ttlSeconds),
  };
}
