import { decodeJwt } from 'jose';
import { serviceUnavailable, unauthenticated } from '../../common/graphql/errors.ts';
import { ACCESS_TOKEN_ISSUER } from '../../common/identity/access-token.ts';
import { looksLikeApiKey, parseApiKey } from '../../common/identity/api-key-format.ts';
import type { Identity } from '../../common/identity/identity.ts';
import { AuthenticationError, authenticate, type Authenticators } from '../authenticate.ts';

/** The credential a WebSocket connection presented on `connection_init`, and how to re-check it. */
export interface ConnectionCredential {
  identity: Identity;
  /** When the credential stops being valid (ms since epoch), when it says. */
  expiresAt: number | null;
  /** The prefix of the API key, when the credential is one: its revocation ends the subscriptions. */
  apiKeyPrefix: string | null;
  /** Resolves while the credential holds; rejects with the error that ends the subscriptions otherwise. */
  check(): Promise<void>;
}

/**
 * Verifies `authorization` ("Bearer <access token, API key or SSO token>", or nothing for anonymous)
 * exactly as the HTTP path does; throws AuthenticationError when it does not verify.
 */
export async function establishCredential(
  authorization: string | undefined,
  authenticators: Authenticators,
): Promise<ConnectionCredential> {
  const headers = authorization === undefined ? {} : { authorization };
  const identity = await authenticate(headers, authenticators);
  const token = authorization?.slice('Bearer '.length);
  if (!token) return { identity, expiresAt: null, apiKeyPrefix: null, check: async () => {} };

  const apiKey = looksLikeApiKey(token);
  const expiresAt = apiKey ? null : expiryOf(token);
  const isAccessToken = identity.kind === 'user' && !apiKey && decodeJwt(token).iss === ACCESS_TOKEN_ISSUER;
  return {
    identity,
    expiresAt,
    apiKeyPrefix: apiKey ? (parseApiKey(token)?.prefix ?? null) : null,
    async check() {
      if (expiresAt !== null && Date.now() >= expiresAt) {
        throw unauthenticated('The credential of this connection has expired: connect again with a fresh one');
      }
      // An access token is self-contained and was verified on connect. API keys can be revoked and
      // SSO links removed: those are asked again (their verdicts are cached, and dropped on revocation).
      if (isAccessToken) return;
      try {
        await authenticate(headers, authenticators);
      } catch (error) {
        if (error instanceof AuthenticationError) {
          throw unauthenticated('The credential of this connection is no longer valid');
        }
        throw serviceUnavailable('Authentication is unavailable: subscribe again');
      }
    },
  };
}

function expiryOf(token: string): number | null {
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? exp * 1000 : null;
}
