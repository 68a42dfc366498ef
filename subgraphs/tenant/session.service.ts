import type { EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { hashToken, newOneTimeToken } from '../../common/identity/one-time-token.ts';
import type { Role } from '../../common/identity/identity.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import type { AccessTokenIssuer } from './access-token-issuer.ts';
import { MembershipEntity } from './membership.entity.ts';
import { RefreshTokenEntity } from './refresh-token.entity.ts';
import { TenantEntity, type Tenant } from './tenant.entity.ts';

export const REFRESH_TOKEN_TTL_DAYS = 30;

export type SessionService = ReturnType<typeof createSessionService>;

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export type SessionResult =
  (Session & { errors: [] }) | { accessToken: null; refreshToken: null; expiresAt: null; errors: UserError[] };

export const sessionFailure = (error: UserError): SessionResult => ({
  accessToken: null,
  refreshToken: null,
  expiresAt: null,
  errors: [error],
});

const INVALID_REFRESH_TOKEN = userError('INVALID_REFRESH_TOKEN', 'Sign in again', ['refreshToken']);

/**
 * Sign-in sessions: a short-lived access token plus a refresh token that rotates on every use.
 * Refresh tokens are stored only as hashes. Looking one up is cross-tenant by nature (the caller
 * has no valid access token), so it runs outside tenant isolation.
 */
export function createSessionService(database: Database, tokens: AccessTokenIssuer) {
  async function issue(manager: EntityManager, userId: string, tenant: Tenant, role: Role, familyId?: string) {
    const { token: refreshToken, hash } = newOneTimeToken();
    const family = familyId ?? crypto.randomUUID();
    await manager.getRepository(RefreshTokenEntity).insert({
      familyId: family,
      tenantId: tenant.id,
      userId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    const { token, expiresAt } = await tokens.issue(userId, tenant, role);
    return { accessToken: token, refreshToken, expiresAt };
  }

  return {
    /** A new session, inside the caller's transaction (sign-in, sign-up). */
    start: (manager: EntityManager, userId: string, tenant: Tenant, role: Role): Promise<Session> =>
      issue(manager, userId, tenant, role),

    async refresh(refreshToken: string): Promise<SessionResult> {
      const outcome = await database.system(async (manager) => {
        const tokensRepository = manager.getRepository(RefreshTokenEntity);
        const stored = await tokensRepository.findOne({
          where: { tokenHash: hashToken(refreshToken) },
          lock: { mode: 'pessimistic_write' },
        });
        if (!stored || stored.revokedAt || stored.expiresAt <= new Date()) return null;
        if (stored.usedAt) {
          // Used before: whoever holds it now stole it, or the owner's copy was stolen. End the family.
          await tokensRepository.update({ familyId: stored.familyId }, { revokedAt: new Date() });
          return 'reused' as const;
        }
        await tokensRepository.update({ id: stored.id }, { usedAt: new Date() });
        const membership = await manager
          .getRepository(MembershipEntity)
          .findOneBy({ tenantId: stored.tenantId, userId: stored.userId });
        const tenant = await manager.getRepository(TenantEntity).findOneBy({ id: stored.tenantId });
        if (!membership || !tenant) return null;
        return issue(manager, stored.userId, tenant, membership.role, stored.familyId);
      });
      return outcome && outcome !== 'reused' ? { ...outcome, errors: [] } : sessionFailure(INVALID_REFRESH_TOKEN);
    },

    /** Ends every session of a user (after a password reset). */
    endAllOf: (manager: EntityManager, userId: string) =>
      manager.getRepository(RefreshTokenEntity).update({ userId }, { revokedAt: new Date() }),

    /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
    async end(refreshToken: string): Promise<void> {
      await database.system(async (manager) => {
        const repository = manager.getRepository(RefreshTokenEntity);
        const stored = await repository.findOneBy({ tokenHash: hashToken(refreshToken) });
        if (stored) await repository.update({ familyId: stored.familyId }, { revokedAt: new Date() });
      });
    },
  };
}
