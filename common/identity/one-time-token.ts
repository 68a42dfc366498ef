import { createHash, randomBytes } from 'node:crypto';

/** A random token to hand to a person once; only its hash is stored. */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** SHA-256 suffices: the token is 256 random bits, not a password. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
