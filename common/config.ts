import { z } from 'zod';

export const SUBGRAPH_NAMES = ['tenant', 'orders', 'payments', 'crypto', 'analytics', 'ai'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<'gateway' | SubgraphName, number> = {
  gateway: 4000,
  tenant: 4001,
  orders: 4002,
  payments: 4003,
  crypto: 4004,
  analytics: 4005,
  ai: 4006,
};

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional())
  .optional();
/** A secret that may be left empty (compose passes `${VAR:-}` through): empty means unset. */
const optionalSecret = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: optionalUrl,
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/, 'letters, digits and : . - _ only')
    .default('go-coffee:'),
  SUPERGRAPH_PATH: z.string().min(1).default('schema/supergraph.graphql'),
  GATEWAY_PORT: port(DEFAULT_PORTS.gateway),
  TENANT_PORT: port(DEFAULT_PORTS.tenant),
  ORDERS_PORT: port(DEFAULT_PORTS.orders),
  PAYMENTS_PORT: port(DEFAULT_PORTS.payments),
  CRYPTO_PORT: port(DEFAULT_PORTS.crypto),
  ANALYTICS_PORT: port(DEFAULT_PORTS.analytics),
  AI_PORT: port(DEFAULT_PORTS.ai),
  TENANT_URL: optionalUrl,
  ORDERS_URL: optionalUrl,
  PAYMENTS_URL: optionalUrl,
  CRYPTO_URL: optionalUrl,
  ANALYTICS_URL: optionalUrl,
  AI_URL: optionalUrl,
  AUTH_SIGNING_KEY: z.string().min(1).optional(),
  AUTH_VERIFY_KEY: z.string().min(1).optional(),
  INTERNAL_SIGNING_KEY: z.string().min(1).optional(),
  INTERNAL_VERIFY_KEY: z.string().min(1).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  SUBSCRIPTION_MAX_PENDING_EVENTS: z.coerce.number().int().min(1).max(100_000).default(1000),
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(365).default(90),
  GRAPHIQL: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  STRIPE_SECRET_KEY: optionalSecret,
  STRIPE_WEBHOOK_SECRET: optionalSecret,
  /** Where the Stripe client sends its requests: unset means Stripe itself; a URL for a stand-in. */
  STRIPE_API_BASE: optionalUrl,
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Stripe Billing price ids of the paid tiers; a tier without one cannot be subscribed to. */
  STRIPE_PRICE_STARTER: optionalSecret,
  STRIPE_PRICE_PROFESSIONAL: optionalSecret,
  STRIPE_PRICE_ENTERPRISE: optionalSecret,
  STRIPE_PRICE_WHITE_LABEL: optionalSecret,
  /** The `event_name` of the Stripe Billing Meter that bills API calls above a tier's allowance. */
  STRIPE_METER_EVENT_NAME: z.string().trim().min(1).max(100).default('api_calls'),
});

const validatedConfigSchema = configSchema
  .superRefine((config, ctx) => {
    if (config.GRAPHIQL && config.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPHIQL'],
        message: 'GraphiQL needs introspection, which production turns off: leave GRAPHIQL unset or false',
      });
    }
  })
  // GraphiQL at GET /graphql for browsers: on wherever introspection is, unless GRAPHIQL=false.
  .transform((config) => ({ ...config, GRAPHIQL: config.GRAPHIQL ?? config.NODE_ENV !== 'production' }));

export type Config = z.infer<typeof validatedConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration once; a bad value names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = validatedConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}

export function portOf(config: Config, service: 'gateway' | SubgraphName): number {
  const key = `${service.toUpperCase()}_PORT` as const;
  return config[key as keyof Config] as number;
}

/** The URL the gateway routes to, when it overrides the supergraph's routing URL. */
export function subgraphUrlOverride(config: Config, name: SubgraphName): string | undefined {
  const key = `${name.toUpperCase()}_URL` as keyof Config;
  return config[key] as string | undefined;
}
