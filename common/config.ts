import { z } from 'zod';
import { REQUEST_ID_HEADER } from './http/request-id.ts';
import { INTERNAL_TOKEN_HEADER } from './identity/internal-token.ts';

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
const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((value) => value === 'true');
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

/** Headers the gateway sets on subgraph calls itself, or that carry a client's credentials: never copied. */
const NEVER_PROPAGATED = new Set([
  INTERNAL_TOKEN_HEADER,
  REQUEST_ID_HEADER,
  'authorization',
  'cookie',
  'proxy-authorization',
  'host',
  'content-type',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'traceparent',
  'tracestate',
]);
const headerNames = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[a-z0-9!#$%&'*+.^_`|~-]+$/, 'not a header name')
        .refine((name) => !NEVER_PROPAGATED.has(name), 'is set by the gateway or is a credential: never propagated'),
    ),
  );

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
  SUPERGRAPH_WATCH: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
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
  EVENTS_SIGNING_KEY: z.string().min(1).optional(),
  EVENTS_VERIFY_KEY: z.string().min(1).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  SUBSCRIPTION_MAX_PENDING_EVENTS: z.coerce.number().int().min(1).max(100_000).default(1000),
  // Request limits (docs/security.md, "Request limits"). Depth counts nested selection sets.
  GRAPHQL_MAX_DEPTH: count(1, 100, 6),
  GRAPHQL_MAX_ALIASES: count(0, 1000, 15),
  GRAPHQL_MAX_DIRECTIVES: count(0, 1000, 50),
  GRAPHQL_MAX_TOKENS: count(10, 100_000, 1000),
  GRAPHQL_MAX_COST: count(1, 10_000_000, 5000),
  REQUEST_BODY_LIMIT: count(1024, 100 * 1024 * 1024, 1024 * 1024),
  GRAPHQL_BATCHING: flag('false'),
  GRAPHQL_MAX_BATCH_SIZE: count(1, 100, 10),
  MAX_ENTITY_REPRESENTATIONS: count(1, 100_000, 1000),
  RATE_LIMITS_ENABLED: flag('true'),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(10).max(300_000).default(10_000),
  SUBGRAPH_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  SUBGRAPH_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(10).max(600_000).default(10_000),
  PROPAGATED_HEADERS: headerNames.default(['accept-language']),
  SEED_DEMO: flag('true'),
  OTEL_TRACES_EXPORTER: z.enum(['none', 'console', 'otlp']).default('none'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().default('http://localhost:4318'),
  OTEL_SERVICE_NAME: z.string().trim().min(1).optional(),
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'enforce']).default('allow'),
  TRUSTED_DOCUMENTS_PATH: z.string().min(1).default('client-sdk/__generated__/persisted-documents.json'),
  APQ_TTL_SECONDS: z.coerce.number().int().min(1).max(2_592_000).default(86_400),
  APQ_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(1000),
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
  /** PayPal REST app credentials; unset means no PayPal payments or payouts. */
  PAYPAL_CLIENT_ID: optionalSecret,
  PAYPAL_CLIENT_SECRET: optionalSecret,
  /** The id PayPal gave the `/webhooks/paypal` endpoint: verification checks events were sent to it. */
  PAYPAL_WEBHOOK_ID: optionalSecret,
  /** PayPal's REST API: the sandbox unless set (live: https://api-m.paypal.com), or a local stand-in. */
  PAYPAL_API_BASE: optionalUrl,
  /** Where browsers reach the analytics service's /downloads; unset means http://HOST:ANALYTICS_PORT. */
  ANALYTICS_PUBLIC_URL: optionalUrl,
  /** Signs report download links; every analytics instance needs the same one. Generated outside production. */
  REPORT_LINK_SECRET: optionalSecret,
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
