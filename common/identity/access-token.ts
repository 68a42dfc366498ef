import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { KeyObject } from 'node:crypto';
import { ROLES, type Identity, type Role } from './identity.ts';

export const ACCESS_TOKEN_ISSUER = 'go-coffee';
export const ACCESS_TOKEN_AUDIENCE = 'go-coffee-api';
const ALGORITHM = 'EdDSA';

/** A user in one tenant with their role there, or a platform operator (SUPERADMIN, no tenant). */
export type AccessTokenSubject =
  | { userId: string; tenantId: string; roles: Role[]; tier: string }
  | { userId: string; tenantId: null; roles: ['SUPERADMIN']; tier: null };

interface AccessClaims extends JWTPayload {
  /** Absent on a platform operator's token. */
  tid?: string;
  roles: Role[];
  tier?: string;
}

export async function signAccessToken(
  subject: AccessTokenSubject,
  key: KeyObject,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Math.floor(Date.now() / 1000 + ttlSeconds) * 1000);
  const claims: AccessClaims =
    subject.tenantId === null
      ? { roles: ['SUPERADMIN'] }
      : { tid: subject.tenantId, roles: subject.roles, tier: subject.tier };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject(subject.userId)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);
  return { token, expiresAt };
}

export class InvalidAccessTokenError extends Error {
  override name = 'InvalidAccessTokenError';
}

/**
 * Only EdDSA with our key, our issuer and audience, a subject and an expiry are accepted, and either
 * a tenant (tenant roles only) or no tenant and the SUPERADMIN role (a platform operator).
 */
export async function verifyAccessToken(token: string, key: KeyObject): Promise<Identity> {
  try {
    const { payload } = await jwtVerify<AccessClaims>(token, key, {
      algorithms: [ALGORITHM],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    if (!Array.isArray(payload.roles)) throw new InvalidAccessTokenError('missing roles');
    const roles = payload.roles.filter((role): role is Role => ROLES.includes(role));
    if (payload.tid === undefined) {
      if (!roles.includes('SUPERADMIN')) throw new InvalidAccessTokenError('missing tenant');
      return { kind: 'user', userId: payload.sub!, tenantId: null, roles: ['SUPERADMIN'], scopes: [], tier: null };
    }
    if (typeof payload.tid !== 'string') throw new InvalidAccessTokenError('malformed tenant');
    return {
      kind: 'user',
      userId: payload.sub!,
      tenantId: payload.tid,
      roles: roles.filter((role) => role !== 'SUPERADMIN'),
      scopes: [],
      tier: typeof payload.tier === 'string' ? payload.tier : null,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw new InvalidAccessTokenError(error.code);
    throw error;
  }
}
