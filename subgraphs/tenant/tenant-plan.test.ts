import { describe, expect, it } from 'vitest';
import { TIER_LIMITS } from '../../common/tiers.ts';
import { planOf } from './tenant-plan.ts';

const now = new Date('2026-03-01T12:00:00Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

describe('the plan a tenant gets', () => {
  it('is the trial tier while the trial runs, whatever tier it pays for', () => {
    expect(planOf({ status: 'TRIAL', tier: 'FREE', trialEndsAt: at(1000) }, now)).toEqual({
      tier: 'PROFESSIONAL',
      status: 'TRIAL',
      onTrial: true,
      limits: TIER_LIMITS.PROFESSIONAL,
    });
  });

  it('falls back to FREE, active, the moment a trial ends without billing', () => {
    for (const trialEndsAt of [now, at(-1000)]) {
      expect(planOf({ status: 'TRIAL', tier: 'FREE', trialEndsAt }, now)).toEqual({
        tier: 'FREE',
        status: 'ACTIVE',
        onTrial: false,
        limits: TIER_LIMITS.FREE,
      });
    }
  });

  it('is the tier billing set once the trial is over', () => {
    expect(planOf({ status: 'TRIAL', tier: 'STARTER', trialEndsAt: at(-1000) }, now)).toMatchObject({
      tier: 'STARTER',
      status: 'ACTIVE',
      onTrial: false,
    });
  });

  it('keeps a paying or lapsed status as it is, with the tier paid for', () => {
    expect(planOf({ status: 'PAST_DUE', tier: 'ENTERPRISE', trialEndsAt: null }, now)).toMatchObject({
      tier: 'ENTERPRISE',
      status: 'PAST_DUE',
      onTrial: false,
    });
    expect(planOf({ status: 'ACTIVE', tier: 'STARTER', trialEndsAt: at(86_400_000) }, now)).toMatchObject({
      tier: 'STARTER',
      onTrial: false,
    });
  });

  it('is no trial when a trial has no end date', () => {
    expect(planOf({ status: 'TRIAL', tier: 'FREE', trialEndsAt: null }, now)).toMatchObject({
      tier: 'FREE',
      status: 'ACTIVE',
      onTrial: false,
    });
  });
});
