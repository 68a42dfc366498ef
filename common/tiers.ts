/** Plans a tenant can be on, what each allows, and what a trial gives. Readable by every subgraph. */
export const TIERS = ['FREE', 'STARTER', 'PROFESSIONAL', 'ENTERPRISE', 'WHITE_LABEL'] as const;
export type Tier = (typeof TIERS)[number];

export const FEATURES = ['AI_ASSISTANTS', 'CUSTOM_DASHBOARDS', 'WHITE_LABEL_BRANDING', 'SSO'] as const;
export type Feature = (typeof FEATURES)[number];

export interface TierLimits {
  /** null: unlimited. */
  users: number | null;
  aiAgents: number | null;
  apiCallsPerMonth: number | null;
  storageBytes: number | null;
  features: Feature[];
}

const GB = 1024 ** 3;

export const TIER_LIMITS: Record<Tier, TierLimits> = {
  FREE: { users: 5, aiAgents: 1, apiCallsPerMonth: 1_000, storageBytes: GB, features: [] },
  STARTER: { users: 10, aiAgents: 3, apiCallsPerMonth: 10_000, storageBytes: 10 * GB, features: ['AI_ASSISTANTS'] },
  PROFESSIONAL: {
    users: 50,
    aiAgents: 10,
    apiCallsPerMonth: 100_000,
    storageBytes: 100 * GB,
    features: ['AI_ASSISTANTS', 'CUSTOM_DASHBOARDS'],
  },
  ENTERPRISE: {
    users: 500,
    aiAgents: 50,
    apiCallsPerMonth: 1_000_000,
    storageBytes: 1024 * GB,
    features: ['AI_ASSISTANTS', 'CUSTOM_DASHBOARDS', 'SSO'],
  },
  WHITE_LABEL: {
    users: null,
    aiAgents: null,
    apiCallsPerMonth: null,
    storageBytes: null,
    features: ['AI_ASSISTANTS', 'CUSTOM_DASHBOARDS', 'WHITE_LABEL_BRANDING', 'SSO'],
  },
};

/** A token bucket: refilled with `perSecond` requests, holding at most `burst` of them. */
export interface RequestRate {
  perSecond: number;
  burst: number;
}

/** Requests through the gateway per tenant of each tier, its users and API keys together. */
export const TIER_REQUEST_RATES: Record<Tier, RequestRate> = {
  FREE: { perSecond: 5, burst: 20 },
  STARTER: { perSecond: 20, burst: 60 },
  PROFESSIONAL: { perSecond: 50, burst: 150 },
  ENTERPRISE: { perSecond: 200, burst: 600 },
  WHITE_LABEL: { perSecond: 500, burst: 1_500 },
};

/** Callers of no tenant: anonymous ones per client address, platform operators per account. */
export const NO_TENANT_REQUEST_RATE: RequestRate = { perSecond: 2, burst: 30 };

export const TRIAL_DAYS = 14;
export const TRIAL_TIER: Tier = 'PROFESSIONAL';

export const tierAllows = (tier: Tier, feature: Feature): boolean => TIER_LIMITS[tier].features.includes(feature);

export const isTier = (value: unknown): value is Tier => TIERS.includes(value as Tier);

/** Resources a tier limits by count, each with the field of TierLimits that holds its limit. */
export const QUOTAS = {
  USERS: { limit: 'users', unit: 'users' },
  AI_AGENTS: { limit: 'aiAgents', unit: 'AI agents' },
  API_CALLS: { limit: 'apiCallsPerMonth', unit: 'API calls a month' },
  STORAGE_BYTES: { limit: 'storageBytes', unit: 'bytes of storage' },
} as const satisfies Record<string, { limit: Exclude<keyof TierLimits, 'features'>; unit: string }>;
export type QuotaMetric = keyof typeof QUOTAS;

/** How much of a metric the tier allows; null: unlimited. */
export const tierLimit = (tier: Tier, metric: QuotaMetric): number | null => TIER_LIMITS[tier][QUOTAS[metric].limit];
