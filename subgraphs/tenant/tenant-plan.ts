import { TIER_LIMITS, TRIAL_TIER, type Tier, type TierLimits } from '../../common/tiers.ts';
import type { Tenant, TenantStatus } from './tenant.entity.ts';

export interface Plan {
  tier: Tier;
  status: TenantStatus;
  onTrial: boolean;
  limits: TierLimits;
}

/**
 * What a tenant gets right now: the trial tier while a trial runs, and when it ends without
 * billing, the tier it pays for (FREE after sign-up). Derived, so nothing must run at the deadline.
 * A RESTRICTED tenant (its invoice failed again and again) gets FREE's limits until it pays.
 */
export function planOf(tenant: Pick<Tenant, 'tier' | 'status' | 'trialEndsAt'>, now = new Date()): Plan {
  const onTrial = tenant.status === 'TRIAL' && tenant.trialEndsAt !== null && tenant.trialEndsAt > now;
  const tier = tenant.status === 'RESTRICTED' ? 'FREE' : onTrial ? TRIAL_TIER : tenant.tier;
  const status = tenant.status === 'TRIAL' && !onTrial ? 'ACTIVE' : tenant.status;
  return { tier, status, onTrial, limits: TIER_LIMITS[tier] };
}
