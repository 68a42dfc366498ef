import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { Config } from '../../common/config.ts';
import { rateLimited } from '../../common/graphql/errors.ts';
import type { ServiceMetrics } from '../../common/http/metrics.ts';
import type { Identity } from '../../common/identity/identity.ts';
import {
  createInMemoryTokenBuckets,
  createRedisTokenBuckets,
  type TokenBucketDecision,
} from '../../common/rate-limit/token-bucket.ts';
import { createRedisConnection } from '../../common/redis/redis-connection.ts';
import { NO_TENANT_REQUEST_RATE, TIER_REQUEST_RATES, isTier, type RequestRate } from '../../common/tiers.ts';

export interface RateLimitPolicy {
  /** The tier (or ANONYMOUS, OPERATOR), as the RateLimit headers and the metric name it. */
  name: string;
  /** Whose bucket: a tenant's, a platform operator's or a client address's. */
  key: string;
  rate: RequestRate;
}

export interface RateLimitVerdict {
  policy: RateLimitPolicy;
  decision: TokenBucketDecision;
}

/** A tenant's users and API keys share the tenant's bucket; callers of no tenant have their own. */
export function rateLimitPolicyOf(identity: Identity, clientIp: string | null): RateLimitPolicy {
  if (identity.tenantId) {
    const tier = isTier(identity.tier) ? identity.tier : 'FREE';
    return { name: tier, key: `tenant:${identity.tenantId}`, rate: TIER_REQUEST_RATES[tier] };
  }
  if (identity.userId) return { name: 'OPERATOR', key: `user:${identity.userId}`, rate: NO_TENANT_REQUEST_RATE };
  return { name: 'ANONYMOUS', key: `ip:${clientIp ?? 'unknown'}`, rate: NO_TENANT_REQUEST_RATE };
}

export interface TierRateLimitOptions {
  config: Config;
  metrics: ServiceMetrics;
  logger: Logger;
}

const UNAVAILABLE_WARNING_INTERVAL_MS = 10_000;

/**
 * Rate limits per tenant tier: a token bucket per tenant (per client address for anonymous
 * callers), in Redis when distributed so every gateway draws on the same bucket, in memory
 * otherwise. When Redis cannot be reached requests go ahead: the limits protect capacity, and an
 * outage of theirs should not become an outage of the API.
 */
export function createTierRateLimit({ config, metrics, logger }: TierRateLimitOptions) {
  const redis = config.REDIS_URL ? createRedisConnection(config.REDIS_URL, 'gateway-rate-limits') : undefined;
  const buckets = redis ? createRedisTokenBuckets(redis, config.REDIS_PREFIX) : createInMemoryTokenBuckets();
  const rejections = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Requests and subscriptions refused for going over the rate of the tier (ANONYMOUS, OPERATOR: callers of no tenant)',
    labelNames: ['tier'],
    registers: [metrics.registry],
  });
  let warnedAt = -Infinity;

  return {
    /** The caller's bucket after taking one request from it; undefined when the buckets cannot be reached. */
    async check(identity: Identity, clientIp: string | null): Promise<RateLimitVerdict | undefined> {
      const policy = rateLimitPolicyOf(identity, clientIp);
      try {
        const decision = await buckets.take(policy.key, policy.rate);
        if (!decision.allowed) rejections.inc({ tier: policy.name });
        return { policy, decision };
      } catch (error) {
        if (Date.now() - warnedAt >= UNAVAILABLE_WARNING_INTERVAL_MS) {
          warnedAt = Date.now();
          logger.warn({ err: error }, 'rate limits are unavailable: letting requests through');
        }
        return undefined;
      }
    },
    async close(): Promise<void> {
      await buckets.close();
      redis?.disconnect();
    },
  };
}

export type TierRateLimit = ReturnType<typeof createTierRateLimit>;

/** The error a refused request or subscription gets. */
export const rateLimitRefusal = ({ policy, decision }: RateLimitVerdict) =>
  rateLimited(
    `Too many requests for the ${policy.name} rate (${policy.rate.perSecond} a second, bursts of ${policy.rate.burst}): retry in ${decision.retryAfterSeconds} s`,
    decision.retryAfterSeconds,
  );
