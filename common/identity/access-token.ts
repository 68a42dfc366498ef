import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { KeyObject } from 'node:crypto';
import { ROLES, type Identity, type Role } from './identity.ts';

export const ACCESS_TOKEN_ISSUER = 'go-coffee';
export const ACCESS_TOKEN_AUDIENCE = 'go-coffee-api';
const ALGORITHM = 'EdDSA';

export interface AccessTokenSubject {
  userId: string;
  tenantId: string;
  roles: Role[];
  tier: string;
}

interface AccessClaims extends JWTPayload {
  tid: string;
  roles: Role[];
  tier: string;
}

export async function signAccessToken(
  subject: AccessTokenSubject,
  key: KeyObject,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Math.floor(Date.now() / 1000 + ttlSeconds) * 1000);
  const token = await new SignJWT({ tid: subject.tenantId, roles: subject.roles, tier: subject.tier })
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

/** Only EdDSA with our key, our issuer and audience, a subject, a tenant and an expiry are accepted. */
export async function verifyAccessToken(token: string, key: KeyObject): Promise<Identity> {
  try {
    const { payload } = await jwtVerify<AccessClaims>(token, key, {
      algorithms: [ALGORITHM],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    if (typeof payload.tid !== 'string' || !Array.isArray(payload.roles)) {
      throw new InvalidAccessTokenError('missing tenant or roles');
    }
    return {
      kind: 'user',
      userId: payload.sub!,
      tenantId: payload.tid,
      roles: payload.roles.filter((role): role is Role => ROLES.includes(role)),
      scopes: [],
      tier: typeof payload.tier === 'string' ? payload.tier : null,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw new InvalidAccessTokenError(error.code);
    throw error;
  }
}
