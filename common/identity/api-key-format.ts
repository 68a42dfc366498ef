import { randomBytes } from 'node:crypto';

/** `gck_<prefix>_<secret>`: the prefix finds the key, the secret proves it. */
const API_KEY = /^gck_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const looksLikeApiKey = (credential: string) => credential.startsWith('gck_');

export function newApiKey(): { key: string; prefix: string; secret: string } {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { key: `gck_${prefix}_${secret}`, prefix, secret };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = API_KEY.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/** The pub/sub topic on which a revoked key's prefix is announced to every gateway. */
export const API_KEY_REVOKED_TOPIC = 'api-key-revoked';
