import type { Response } from 'express';
import { rateLimitRefusal, type RateLimitVerdict } from './tier-rate-limit.ts';

/**
 * The RateLimit fields of draft-ietf-httpapi-ratelimit-headers (structured fields): the policy is
 * the bucket (`q` its burst, `w` the seconds it takes to refill), the state what is left of it now
 * (`r`) and the seconds until it is full again (`t`).
 */
export function rateLimitHeaders({ policy, decision }: RateLimitVerdict): Record<string, string> {
  const name = `"${policy.name.toLowerCase()}"`;
  const refillSeconds = Math.ceil(policy.rate.burst / policy.rate.perSecond);
  return {
    'ratelimit-policy': `${name};q=${policy.rate.burst};w=${refillSeconds}`,
    ratelimit: `${name};r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}

/**
 * Puts the caller's RateLimit headers on the response, and answers 429 with Retry-After and a
 * RATE_LIMITED error when it is over its rate. Returns whether the request may go ahead.
 */
export function applyRateLimit(res: Response, verdict: RateLimitVerdict | undefined): boolean {
  if (!verdict) return true;
  res.set(rateLimitHeaders(verdict));
  if (verdict.decision.allowed) return true;
  res
    .status(429)
    .set('retry-after', String(verdict.decision.retryAfterSeconds))
    .json({ errors: [rateLimitRefusal(verdict).toJSON()] });
  return false;
}
