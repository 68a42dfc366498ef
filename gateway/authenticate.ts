import type { IncomingHttpHeaders } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { decodeJwt } from 'jose';
import { looksLikeApiKey } from '../common/identity/api-key-format.ts';
import { ACCESS_TOKEN_ISSUER, verifyAccessToken } from '../common/identity/access-token.ts';
import { ANONYMOUS, type Identity } from '../common/identity/identity.ts';
import type { CredentialVerifier } from './credential-verifier.ts';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

export interface Authenticators {
  accessTokenKey: KeyObject;
  apiKeys: CredentialVerifier;
  /** Tokens of tenants' own identity providers (OpenID Connect). */
  sso: CredentialVerifier;
}

/**
 * `Authorization: Bearer <access token, API key or SSO token>`. No credential means anonymous (the
 * subgraphs' rules decide what that may do); a credential that does not verify is refused, never
 * downgraded.
 */
export async function authenticate(
  headers: IncomingHttpHeaders,
  { accessTokenKey, apiKeys, sso }: Authenticators,
): Promise<Identity> {
  const authorization = headers.authorization;
  if (!authorization) return ANONYMOUS;
  const credential = /^Bearer (\S+)$/.exec(authorization)?.[1];
  if (!credential) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
  if (looksLikeApiKey(credential)) {
    const identity = await apiKeys.verify(credential);
    if (!identity) throw new AuthenticationError('The API key is invalid, revoked or expired');
    return identity;
  }
  if (issuerOf(credential) !== ACCESS_TOKEN_ISSUER) {
    const identity = await sso.verify(credential);
    if (!identity) throw new AuthenticationError('The token is not from an identity provider connected to a tenant');
    return identity;
  }
  try {
    return await verifyAccessToken(credential, accessTokenKey);
  } catch {
    throw new AuthenticationError('The access token is invalid or expired');
  }
}

function issuerOf(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}
