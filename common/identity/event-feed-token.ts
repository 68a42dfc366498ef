import { SignJWT, jwtVerify } from 'jose';
import type { KeyObject } from 'node:crypto';

const ISSUER = 'go-coffee-event-reader';
const ALGORITHM = 'EdDSA';
const TTL_SECONDS = 60;
export const EVENT_FEED_TOKEN_HEADER = 'x-event-feed-token';

const feedAudience = (source: string) => `go-coffee-outbox:${source}`;

/**
 * A service's pass to read one other service's outbox for a minute. Signed with the events key, which
 * only readers hold; sources hold its verifying half. It states no tenant or user: the outbox is the
 * source's whole history, read for ingestion, never for a client.
 */
export function signEventFeedToken(reader: string, source: string, key: KeyObject): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(reader)
    .setAudience(feedAudience(source))
    .setIssuedAt()
    .setExpirationTime(`${TTL_SECONDS}s`)
    .sign(key);
}

/** The reading service's name; throws on anything but a valid, fresh token for this source. */
export async function verifyEventFeedToken(token: string, source: string, key: KeyObject): Promise<string> {
  const { payload } = await jwtVerify(token, key, {
    algorithms: [ALGORITHM],
    issuer: ISSUER,
    audience: feedAudience(source),
    requiredClaims: ['exp', 'iat', 'sub'],
    maxTokenAge: `${TTL_SECONDS + 5}s`,
  });
  return payload.sub!;
}
