import type { Role } from '../../common/identity/identity.ts';
import type { Database } from '../../common/database/database.ts';
import { rateLimited } from '../../common/graphql/errors.ts';
import { userError } from '../../common/graphql/user-error.ts';
import type { RateLimiter } from '../../common/rate-limit/rate-limiter.ts';
import { MembershipEntity } from './membership.entity.ts';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from './password.ts';
import { sessionFailure, type SessionResult, type SessionService } from './session.service.ts';
import { TenantEntity } from './tenant.entity.ts';
import { UserEntity } from './user.entity.ts';

export interface LoginInput {
  email: string;
  password: string;
  tenantSlug?: string | null;
}

const INVALID_CREDENTIALS = userError('INVALID_CREDENTIALS', 'The email or password is wrong');

/** Attempts allowed in a window, per account and per client address. */
export const LOGIN_LIMITS = { perAccount: 10, perAddress: 30, windowSeconds: 15 * 60 };

export function createAuthService(database: Database, sessions: SessionService, rateLimiter: RateLimiter) {
  async function throttle(email: string, clientIp: string | null): Promise<void> {
    const checks = [rateLimiter.hit(`login:account:${email}`, LOGIN_LIMITS.perAccount, LOGIN_LIMITS.windowSeconds)];
    if (clientIp)
      checks.push(rateLimiter.hit(`login:ip:${clientIp}`, LOGIN_LIMITS.perAddress, LOGIN_LIMITS.windowSeconds));
    const refused = (await Promise.all(checks)).find((decision) => !decision.allowed);
    if (refused) throw rateLimited('Too many sign-in attempts: try again later', refused.resetSeconds);
  }

  /** An operator's account belongs to no tenant: its session is the platform's, as SUPERADMIN. */
  async function signInOperator(userId: string, tenantSlug: string | null | undefined): Promise<SessionResult> {
    if (tenantSlug) {
      return sessionFailure(
        userError('OPERATOR_ACCOUNT', 'A platform operator signs in to the platform, not to a tenant', ['tenantSlug']),
      );
    }
    const session = await database.system((manager) => sessions.startForOperator(manager, userId));
    return { ...session, errors: [] };
  }

  return {
    /** Finding the account is cross-tenant by nature, so it runs outside tenant isolation. */
    async login(input: LoginInput, clientIp: string | null): Promise<SessionResult> {
      const email = input.email.trim().toLowerCase();
      await throttle(email, clientIp);
      const found = await database.system(async (manager) => {
        const user = await manager
          .getRepository(UserEntity)
          .createQueryBuilder('user')
          .addSelect('user.passwordHash')
          .where('user.email = :email', { email })
          .getOne();
        if (!user) return null;
        const memberships = await manager
          .getRepository(MembershipEntity)
          .createQueryBuilder('membership')
          .innerJoin(TenantEntity.options.name, 'tenant', 'tenant.id = membership.tenantId')
          .select(['membership.role AS role'])
          .addSelect(['tenant.id AS id', 'tenant.slug AS slug'])
          .where('membership.userId = :userId', { userId: user.id })
          .getRawMany<{ role: string; id: string; slug: string }>();
        return { user, memberships };
      });

      const passwordOk = await verifyPassword(input.password, found?.user.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
      if (!found || !passwordOk) return sessionFailure(INVALID_CREDENTIALS);
      if (found.user.platformOperator) return signInOperator(found.user.id, input.tenantSlug);

      const candidates = input.tenantSlug
        ? found.memberships.filter((membership) => membership.slug === input.tenantSlug)
        : found.memberships;
      if (candidates.length === 0) return sessionFailure(INVALID_CREDENTIALS);
      if (candidates.length > 1) {
        return sessionFailure(
          userError('TENANT_REQUIRED', 'This account belongs to several tenants: say which', ['tenantSlug']),
        );
      }
      const membership = candidates[0]!;
      const session = await database.system(async (manager) => {
        const tenant = await manager.getRepository(TenantEntity).findOneByOrFail({ id: membership.id });
        return sessions.start(manager, found.user.id, tenant, membership.role as Role);
      });
      return { ...session, errors: [] };
    },
  };
}
