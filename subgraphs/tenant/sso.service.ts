import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { ROLES, type Role } from '../../common/identity/identity.ts';
import { MembershipEntity } from './membership.entity.ts';
import { SsoConnectionEntity, type SsoConnection } from './sso-connection.entity.ts';
import { TenantEntity } from './tenant.entity.ts';
import { planOf } from './tenant-plan.ts';
import { UserEntity } from './user.entity.ts';

export interface RegisterSsoConnectionInput {
  issuer: string;
  jwksUrl: string;
  audience: string;
  roleClaim?: string | null;
  roleMapping: { group: string; role: Role }[];
  defaultRole?: Role | null;
}

export interface SsoIdentity {
  userId: string;
  tenantId: string;
  role: Role;
  tier: string;
  /** When the provider's token expires (ms since epoch). */
  expiresAt: number;
}

const UNIQUE_VIOLATION = '23505';
const ASSIGNABLE: Role[] = ROLES.filter((role) => role !== 'SUPERADMIN' && role !== 'OWNER');

/** https, or http on this machine for a local identity provider during development. */
function isAcceptableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
    );
  } catch {
    return false;
  }
}

export type SsoService = ReturnType<typeof createSsoService>;

/** OpenID Connect single sign-on: a tenant registers its provider; its tokens then sign people in. */
export function createSsoService(database: Database) {
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keySetOf = (jwksUrl: string) => {
    if (!keySets.has(jwksUrl)) keySets.set(jwksUrl, createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000 }));
    return keySets.get(jwksUrl)!;
  };

  return {
    list: (manager: EntityManager) => manager.getRepository(SsoConnectionEntity).find({ order: { createdAt: 'ASC' } }),

    async register(
      tenantId: string,
      input: RegisterSsoConnectionInput,
    ): Promise<{ ssoConnection: SsoConnection | null; errors: UserError[] }> {
      const errors: UserError[] = [];
      if (!isAcceptableUrl(input.issuer))
        errors.push(userError('INVALID_ISSUER', 'The issuer must be an https URL', ['issuer']));
      if (!isAcceptableUrl(input.jwksUrl))
        errors.push(userError('INVALID_JWKS_URL', 'The JWKS URL must be an https URL', ['jwksUrl']));
      if (!input.audience.trim()) errors.push(userError('INVALID_AUDIENCE', 'The audience is required', ['audience']));
      const roles = [
        ...input.roleMapping.map((entry) => entry.role),
        ...(input.defaultRole ? [input.defaultRole] : []),
      ];
      if (roles.some((role) => !ASSIGNABLE.includes(role))) {
        errors.push(
          userError('ROLE_NOT_ALLOWED', 'Single sign-on may grant ADMIN, MANAGER, BARISTA or CUSTOMER', [
            'roleMapping',
          ]),
        );
      }
      if (errors.length > 0) return { ssoConnection: null, errors };
      try {
        const ssoConnection = await database.transaction(tenantId, (manager) =>
          manager.getRepository(SsoConnectionEntity).save({
            tenantId,
            issuer: input.issuer,
            jwksUrl: input.jwksUrl,
            audience: input.audience.trim(),
            roleClaim: input.roleClaim?.trim() || 'groups',
            roleMapping: Object.fromEntries(input.roleMapping.map((entry) => [entry.group, entry.role])),
            defaultRole: input.defaultRole ?? null,
          }),
        );
        return { ssoConnection, errors: [] };
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        return {
          ssoConnection: null,
          errors: [userError('ISSUER_TAKEN', 'This issuer is connected to another tenant', ['issuer'])],
        };
      }
    },

    /**
     * Verifies a provider's token against the connection its issuer names, maps its groups to a role,
     * and provisions the person on first sign-in. Null when anything does not check out.
     */
    async signIn(token: string): Promise<SsoIdentity | null> {
      let issuer: string | undefined;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        return null;
      }
      if (!issuer) return null;
      const connection = await database.system((manager) =>
        manager.getRepository(SsoConnectionEntity).findOneBy({ issuer }),
      );
      if (!connection) return null;
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(token, keySetOf(connection.jwksUrl), {
          issuer: connection.issuer,
          audience: connection.audience,
          algorithms: ['RS256', 'ES256', 'EdDSA'],
          requiredClaims: ['exp', 'sub'],
        }));
      } catch {
        return null;
      }
      const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
      const role = roleFor(connection, claims[connection.roleClaim]);
      if (!email || !role) return null;
      return database.system(async (manager) => {
        const users = manager.getRepository(UserEntity);
        const existing = await users.findOneBy({ email });
        // A tenant's provider vouches for its own people only: a new account, or one already in this
        // tenant. Anyone else's account (another tenant's, an operator's) is not its to sign in.
        const memberships = manager.getRepository(MembershipEntity);
        if (existing && !(await memberships.existsBy({ tenantId: connection.tenantId, userId: existing.id }))) {
          return null;
        }
        const user =
          existing ??
          (await users.save({
            email,
            name: typeof claims.name === 'string' ? claims.name : email,
            // Not a scrypt hash: no password opens this account; the provider does.
            passwordHash: `sso$${randomBytes(16).toString('base64url')}`,
          }));
        await manager
          .createQueryBuilder()
          .insert()
          .into(MembershipEntity)
          .values({ tenantId: connection.tenantId, userId: user.id, role })
          .orUpdate(['role'], ['tenant_id', 'user_id'])
          .execute();
        const tenant = await manager.getRepository(TenantEntity).findOneByOrFail({ id: connection.tenantId });
        return { userId: user.id, tenantId: tenant.id, role, tier: planOf(tenant).tier, expiresAt: claims.exp! * 1000 };
      });
    },
  };
}

function roleFor(connection: SsoConnection, claim: unknown): Role | null {
  const groups = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? [claim] : [];
  for (const [group, role] of Object.entries(connection.roleMapping)) if (groups.includes(group)) return role;
  return connection.defaultRole;
}
