import { createHash, type KeyObject } from 'node:crypto';
import { parseApiKey } from '../common/identity/api-key-format.ts';
import type { Identity } from '../common/identity/identity.ts';
import { ANONYMOUS } from '../common/identity/identity.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../common/identity/internal-token.ts';

export interface ApiKeyVerifierOptions {
  /** Where the tenant subgraph listens (its GraphQL URL); known once the supergraph is loaded. */
  tenantUrl: () => string | undefined;
  signingKey: KeyObject;
  /** How long a verdict is reused; a revoked key stops working within this time. */
  cacheMs?: number;
  maxEntries?: number;
}

/** Asks the tenant service who an API key belongs to, remembering the answer briefly. */
export function createApiKeyVerifier({
  tenantUrl,
  signingKey,
  cacheMs = 30_000,
  maxEntries = 10_000,
}: ApiKeyVerifierOptions) {
  const verdicts = new Map<string, { prefix: string | undefined; identity: Identity | null; until: number }>();

  async function ask(key: string): Promise<Identity | null> {
    const url = tenantUrl();
    if (!url) throw new Error('The tenant subgraph is not known to the gateway');
    const response = await fetch(new URL('/internal/api-keys/verify', url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_TOKEN_HEADER]: await signInternalToken(ANONYMOUS, 'tenant', signingKey),
      },
      body: JSON.stringify({ key }),
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`API key verification failed with HTTP ${response.status}`);
    const found = (await response.json()) as { tenantId: string; scopes: string[]; tier: string };
    return {
      kind: 'api_key',
      userId: null,
      tenantId: found.tenantId,
      roles: [],
      scopes: found.scopes,
      tier: found.tier,
    };
  }

  return {
    async verify(key: string): Promise<Identity | null> {
      const cacheKey = createHash('sha256').update(key).digest('base64url');
      const cached = verdicts.get(cacheKey);
      if (cached && cached.until > Date.now()) return cached.identity;
      const identity = await ask(key);
      if (verdicts.size >= maxEntries) verdicts.delete(verdicts.keys().next().value!);
      verdicts.set(cacheKey, { prefix: parseApiKey(key)?.prefix, identity, until: Date.now() + cacheMs });
      return identity;
    },

    /** Drops what is remembered of a key, so its revocation takes effect at once. */
    forget(prefix: string): void {
      for (const [cacheKey, verdict] of verdicts) if (verdict.prefix === prefix) verdicts.delete(cacheKey);
    },
  };
}

export type ApiKeyVerifier = ReturnType<typeof createApiKeyVerifier>;
