import type { Config } from '../../../common/config.ts';
import type { Tier } from '../../../common/tiers.ts';

export type PaidTier = Exclude<Tier, 'FREE'>;

/** The Stripe price id of each paid tier that is offered, from configuration. */
export interface TierPrices {
  priceOf(tier: Tier): string | null;
  tierOf(priceId: string): PaidTier | null;
}

export function tierPricesFromConfig(config: Config): TierPrices {
  const prices: Partial<Record<PaidTier, string>> = {
    ...(config.STRIPE_PRICE_STARTER ? { STARTER: config.STRIPE_PRICE_STARTER } : {}),
    ...(config.STRIPE_PRICE_PROFESSIONAL ? { PROFESSIONAL: config.STRIPE_PRICE_PROFESSIONAL } : {}),
    ...(config.STRIPE_PRICE_ENTERPRISE ? { ENTERPRISE: config.STRIPE_PRICE_ENTERPRISE } : {}),
    ...(config.STRIPE_PRICE_WHITE_LABEL ? { WHITE_LABEL: config.STRIPE_PRICE_WHITE_LABEL } : {}),
  };
  const entries = Object.entries(prices) as [PaidTier, string][];
  return {
    priceOf: (tier) => (tier === 'FREE' ? null : (prices[tier] ?? null)),
    tierOf: (priceId) => entries.find(([, id]) => id === priceId)?.[0] ?? null,
  };
}
