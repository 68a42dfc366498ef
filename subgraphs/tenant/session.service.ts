import type { EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { hashToken, newOneTimeToken } from '../../common/identity/one-time-token.ts';
import type { Role } from '../../common/identity/identity.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import type { AccessTokenIssuer } from './access-token-issuer.ts';
import { MembershipEntity } from './membership.entity.ts';
import { RefreshTokenEntity, type RefreshToken } from './refresh-token.entity.ts';
import { TenantEntity, type Tenant } from './tenant.entity.ts';
import { UserEntity } from './user.entity.ts';

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
  /** A tenant null is a platform operator's session. */
  async function issue(manager: EntityManager, userId: string, tenant: Tenant | null, role: Role, familyId?: string) {
    const { token: refreshToken, hash } = newOneTimeToken();
    const family = familyId ?? crypto.randomUUID();
    await manager.getRepository(RefreshTokenEntity).insert({
      familyId: family,
      tenantId: tenant?.id ?? null,
      userId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    const { token, expiresAt } = tenant
      ? await tokens.issue(userId, tenant, role)
      : await tokens.issueForOperator(userId);
    return { accessToken: token, refreshToken, expiresAt };
  }

  /** The session a refresh token continues, if its user still holds what it was issued for. */
  async function renew(manager: EntityManager, stored: RefreshToken): Promise<Session | null> {
    if (stored.tenantId === null) {
      const operator = await manager.getRepository(UserEntity).existsBy({ id: stored.userId, platformOperator: true });
      return operator ? issue(manager, stored.userId, null, 'SUPERADMIN', stored.familyId) : null;
    }
    const membership = await manager
      .getRepository(MembershipEntity)
      .findOneBy({ tenantId: stored.tenantId, userId: stored.userId });
    const tenant = await manager.getRepository(TenantEntity).findOneBy({ id: stored.tenantId });
    if (!membership || !tenant) return null;
    return issue(manager, stored.userId, tenant, membership.role, stored.familyId);
  }

  return {
    /** A new session, inside the caller's transaction (sign-in, sign-up). */
    start: (manager: EntityManager, userId: string, tenant: Tenant, role: Role): Promise<Session> =>
      issue(manager, userId, tenant, role),

    /** A platform operator's session: SUPERADMIN, in no tenant. */
    startForOperator: (manager: EntityManager, userId: string): Promise<Session> =>
      issue(manager, userId, null, 'SUPERADMIN'),

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
        return renew(manager, stored);
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
