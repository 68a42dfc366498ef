import { GraphQLError } from 'graphql';
import type { Identity } from '../common/identity/identity.ts';
import { rateLimitRefusal, type RateLimitVerdict, type TierRateLimit } from './rate-limit/tier-rate-limit.ts';
import type { UsageMeter } from './usage-meter.ts';

export interface AdmissionResult {
  /** The caller's rate-limit standing, when rate limits are on (HTTP answers carry it as headers). */
  verdict: RateLimitVerdict | undefined;
  /** Why the operation may not run; null when it may, and then it has been counted. */
  refusal: GraphQLError | null;
}

/**
 * What every operation passes before it is planned, over HTTP and WebSocket alike: the caller's rate,
 * then its tenant's monthly API-call allowance. An admitted operation counts against the allowance.
 */
export function createAdmission({ rateLimit, usage }: { rateLimit?: TierRateLimit; usage: UsageMeter }) {
  return {
    async admit(identity: Identity, clientIp: string | null): Promise<AdmissionResult> {
      const verdict = await rateLimit?.check(identity, clientIp);
      if (verdict && !verdict.decision.allowed) return { verdict, refusal: rateLimitRefusal(verdict) };
      const { tenantId } = identity;
      if (tenantId) {
        const quota = usage.admit(tenantId);
        if (!quota.allowed) {
          const message = `This month's ${quota.limit} API calls of the tier are used (${quota.used}): upgrade or wait for next month`;
          return {
            verdict,
            refusal: new GraphQLError(message, {
              extensions: { code: 'QUOTA_EXCEEDED', limit: quota.limit, used: quota.used },
            }),
          };
        }
        usage.count(tenantId);
      }
      return { verdict, refusal: null };
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;
