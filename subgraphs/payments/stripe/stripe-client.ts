import Stripe from 'stripe';
import { ConfigError, type Config } from '../../../common/config.ts';

/** What the payments service needs to talk to Stripe and to trust what Stripe sends it. */
export interface StripeSettings {
  client: Stripe;
  webhookSecret: string;
  toleranceSeconds: number;
}

/**
 * The Stripe client from configuration, or null when no secret key is set (Stripe is then not
 * offered). `STRIPE_API_BASE` points it elsewhere, such as a local stand-in.
 */
export function stripeFromConfig(config: Config): StripeSettings | null {
  if (!config.STRIPE_SECRET_KEY) return null;
  if (!config.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError(['STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set (webhooks are verified)']);
  }
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : null;
  const client = new Stripe(config.STRIPE_SECRET_KEY, {
    // Retries reuse the idempotency key we give each call, so a retried call charges nothing twice.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'http:' ? 80 : 443),
          protocol: base.protocol === 'http:' ? ('http' as const) : ('https' as const),
        }
      : {}),
  });
  return {
    client,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    toleranceSeconds: config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
  };
}
