import type { Role } from '../../common/identity/identity.ts';
import type { Database } from '../../common/database/database.ts';
import { userError } from '../../common/graphql/user-error.ts';
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

export function createAuthService(database: Database, sessions: SessionService) {
  return {
    /** Finding the account is cross-tenant by nature, so it runs outside tenant isolation. */
    async login(input: LoginInput): Promise<SessionResult> {
      const email = input.email.trim().toLowerCase();
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
