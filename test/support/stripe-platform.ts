import type { StripeStandIn } from './stripe-stand-in.ts';
import { startTestPlatform, type TestPlatform } from './test-platform.ts';

/** The platform on the Stripe stand-in: its keys and API base, its webhooks sent to the payments service. */
export async function startPlatformOnStripe(
  stripe: StripeStandIn,
  env: Record<string, string> = {},
): Promise<TestPlatform> {
  const platform = await startTestPlatform({
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_BASE: stripe.url,
    ...env,
  });
  const payments = platform.subgraphs.find((subgraph) => subgraph.name === 'payments')!;
  stripe.setWebhookUrl(payments.url.replace(/\/graphql$/, '/webhooks/stripe'));
  return platform;
}
