import type { IncomingHttpHeaders } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { verifyAccessToken } from '../common/identity/access-token.ts';
import { ANONYMOUS, type Identity } from '../common/identity/identity.ts';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

/**
 * No credential means anonymous (the subgraphs' rules decide what that may do); a credential that
 * does not verify is refused outright rather than downgraded.
 */
export async function authenticate(headers: IncomingHttpHeaders, accessTokenKey: KeyObject): Promise<Identity> {
  const authorization = headers.authorization;
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization);
  if (!match) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
  try {
    return await verifyAccessToken(match[1]!, accessTokenKey);
  } catch {
    throw new AuthenticationError('The access token is invalid or expired');
  }
}
