import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { KeyObject } from 'node:crypto';
import { ROLES, type Identity, type Role } from './identity.ts';

const ISSUER = 'go-coffee-gateway';
const ALGORITHM = 'EdDSA';
export const INTERNAL_TOKEN_TTL_SECONDS = 60;
export const INTERNAL_TOKEN_HEADER = 'x-internal-identity';

export const internalAudience = (subgraph: string) => `go-coffee-subgraph:${subgraph}`;

interface InternalClaims extends JWTPayload {
  kind: Identity['kind'];
  /** The client's address as the gateway saw it. */
  ip: string | null;
  tid: string | null;
  roles: Role[];
  scopes: string[];
  tier: string | null;
}

/** What a subgraph learns from the gateway about each call. */
export interface CallerContext {
  identity: Identity;
  clientIp: string | null;
}

/** Signs the identity the gateway established, for one subgraph, for one minute. */
export async function signInternalToken(
  identity: Identity,
  subgraph: string,
  key: KeyObject,
  clientIp: string | null = null,
): Promise<string> {
  const claims: InternalClaims = {
    kind: identity.kind,
    ip: clientIp,
    tid: identity.tenantId,
    roles: identity.roles,
    scopes: identity.scopes,
    tier: identity.tier,
  };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(internalAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${INTERNAL_TOKEN_TTL_SECONDS}s`);
  if (identity.userId) jwt.setSubject(identity.userId);
  return jwt.sign(key);
}

export class InvalidInternalTokenError extends Error {
  override name = 'InvalidInternalTokenError';
}

/** Verifies signature, issuer, audience and expiry; anything else is refused. */
export async function verifyInternalToken(token: string, subgraph: string, key: KeyObject): Promise<CallerContext> {
  try {
    const { payload } = await jwtVerify<InternalClaims>(token, key, {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: internalAudience(subgraph),
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: `${INTERNAL_TOKEN_TTL_SECONDS + 5}s`,
    });
    return {
      identity: {
        kind: payload.kind === 'user' || payload.kind === 'api_key' ? payload.kind : 'anonymous',
        userId: payload.sub ?? null,
        tenantId: typeof payload.tid === 'string' ? payload.tid : null,
        roles: Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [],
        scopes: Array.isArray(payload.scopes) ? payload.scopes.filter((s) => typeof s === 'string') : [],
        tier: typeof payload.tier === 'string' ? payload.tier : null,
      },
      clientIp: typeof payload.ip === 'string' ? payload.ip : null,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw new InvalidInternalTokenError(error.code);
    throw error;
  }
}

const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);
