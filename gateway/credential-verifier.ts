import { createHash, type KeyObject } from 'node:crypto';
import { ANONYMOUS, type Identity } from '../common/identity/identity.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../common/identity/internal-token.ts';

export interface CredentialVerifierOptions<Answer> {
  /** Where the tenant subgraph listens (its GraphQL URL); known once the supergraph is loaded. */
  tenantUrl: () => string | undefined;
  signingKey: KeyObject;
  /** How long the tenant service has to answer; past it the credential cannot be checked. */
  timeoutMs: number;
  /** The tenant service's internal route that vouches for this kind of credential. */
  path: string;
  toIdentity(answer: Answer): Identity;
  /** How long a verdict is reused at most. */
  cacheMs: number;
  /** When the credential itself stops being valid (ms since epoch), if it says. */
  validUntil?(answer: Answer): number;
  maxEntries?: number;
}

/**
 * Asks the tenant service who a credential (API key, SSO token) belongs to, and remembers the answer
 * briefly, keyed by the credential's hash. `forget` drops remembered answers at once (revocation).
 */
export function createCredentialVerifier<Answer>(options: CredentialVerifierOptions<Answer>) {
  const { tenantUrl, signingKey, timeoutMs, path, toIdentity, cacheMs, validUntil, maxEntries = 10_000 } = options;
  const verdicts = new Map<string, { credential: string; identity: Identity | null; until: number }>();

  async function ask(credential: string): Promise<{ identity: Identity | null; until: number }> {
    const url = tenantUrl();
    if (!url) throw new Error('The tenant subgraph is not known to the gateway');
    const response = await fetch(new URL(path, url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_TOKEN_HEADER]: await signInternalToken(ANONYMOUS, 'tenant', signingKey),
      },
      body: JSON.stringify({ token: credential }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const until = Date.now() + cacheMs;
    if (response.status === 404) return { identity: null, until };
    if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
    const answer = (await response.json()) as Answer;
    return { identity: toIdentity(answer), until: Math.min(until, validUntil?.(answer) ?? until) };
  }

  return {
    async verify(credential: string): Promise<Identity | null> {
      const cacheKey = createHash('sha256').update(credential).digest('base64url');
      const cached = verdicts.get(cacheKey);
      if (cached && cached.until > Date.now()) return cached.identity;
      const { identity, until } = await ask(credential);
      if (verdicts.size >= maxEntries) verdicts.delete(verdicts.keys().next().value!);
      verdicts.set(cacheKey, { credential, identity, until });
      return identity;
    },

    forget(matches: (credential: string) => boolean): void {
      for (const [cacheKey, verdict] of verdicts) if (matches(verdict.credential)) verdicts.delete(cacheKey);
    },
  };
}

export type CredentialVerifier = ReturnType<typeof createCredentialVerifier>;
