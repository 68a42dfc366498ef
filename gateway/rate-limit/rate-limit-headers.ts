import type { RateLimitVerdict } from './tier-rate-limit.ts';

/**
 * The RateLimit fields of draft-ietf-httpapi-ratelimit-headers (structured fields): the policy is
 * the bucket (`q` its burst, `w` the seconds it takes to refill), the state what is left of it now
 * (`r`) and the seconds until it is full again (`t`); a refused request also gets Retry-After.
 */
export function rateLimitHeaders({ policy, decision }: RateLimitVerdict): Record<string, string> {
  const name = `"${policy.name.toLowerCase()}"`;
  const refillSeconds = Math.ceil(policy.rate.burst / policy.rate.perSecond);
  return {
    'ratelimit-policy': `${name};q=${policy.rate.burst};w=${refillSeconds}`,
    ratelimit: `${name};r=${decision.remaining};t=${decision.resetSeconds}`,
    ...(decision.allowed ? {} : { 'retry-after': String(decision.retryAfterSeconds) }),
  };
}
