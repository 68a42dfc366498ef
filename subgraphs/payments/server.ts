import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import { requireKey } from '../../common/identity/keys.ts';
import { perSubgraph } from '../../common/service/per-subgraph.ts';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { BillingAccountEntity } from './billing/billing-account.entity.ts';
import { BillingChangeEntity } from './billing/billing-change.entity.ts';
import { createBillingService } from './billing/billing.service.ts';
import { createBillingWebhook } from './billing/billing-webhook.ts';
import { InvoiceEntity } from './billing/invoice.entity.ts';
import { MeterReportEntity } from './billing/meter-report.entity.ts';
import { createMeterReporter } from './billing/meter-reporter.ts';
import { tierPricesFromConfig } from './billing/tier-prices.ts';
import { inStoreProvider } from './in-store.provider.ts';
import { migrations } from './migrations/index.ts';
import { createOrderCancellation } from './order-cancellation.ts';
import { orderEventsConsumer } from './order-events.consumer.ts';
import { PayableOrderEntity } from './payable-order.entity.ts';
import { PaymentEntity, RefundEntity, type Provider } from './payment.entity.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { createPaymentService } from './payment.service.ts';
import { permissions } from './permissions.ts';
import { paypalFromConfig } from './paypal/paypal-client.ts';
import { createPayPalPayments } from './paypal/paypal-payment.service.ts';
import { createPayPalProvider } from './paypal/paypal.provider.ts';
import { createPayPalWebhookVerifier } from './paypal/paypal-webhook-verifier.ts';
import { createPayPalWebhook } from './paypal/paypal-webhook.ts';
import { PayoutEntity } from './paypal/payout.entity.ts';
import { createPayoutRefresh } from './paypal/payout-refresh.ts';
import { createPayoutService } from './paypal/payout.service.ts';
import { createPlatformRevenue } from './revenue/platform-revenue.ts';
import { paymentsContext, resolvers } from './resolvers.ts';
import { stripeFromConfig } from './stripe/stripe-client.ts';
import { createStripeProvider } from './stripe/stripe.provider.ts';
import { createStripeWebhook } from './stripe/stripe-webhook.ts';
import { WebhookEventEntity } from './webhook-event.entity.ts';
import { createWebhookRoutes } from './webhook-routes.ts';

/** The providers, clients and services of one started payments subgraph, shared by all its parts. */
const servicesOf = perSubgraph(({ config, database, logger }) => {
  const stripe = stripeFromConfig(config);
  const paypal = paypalFromConfig(config);
  const providers = {
    IN_STORE: inStoreProvider,
    ...(stripe ? { STRIPE: createStripeProvider(stripe.client) } : {}),
    ...(paypal ? { PAYPAL: createPayPalProvider(paypal.client) } : {}),
  } satisfies Partial<Record<Provider, PaymentProvider>>;
  const payments = createPaymentService(providers);
  return {
    stripe,
    paypal,
    payments,
    paypalPayments: createPayPalPayments(payments, providers.PAYPAL ?? null),
    cancellation: createOrderCancellation(database, payments, providers, logger),
    meter: stripe && createMeterReporter(database, stripe.client, config.STRIPE_METER_EVENT_NAME, logger),
  };
});

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export const paymentsSubgraph: SubgraphModule = {
  name: 'payments',
  database: {
    schema: 'payments',
    entities: [
      PayableOrderEntity,
      PaymentEntity,
      RefundEntity,
      WebhookEventEntity,
      BillingAccountEntity,
      BillingChangeEntity,
      InvoiceEntity,
      MeterReportEntity,
      PayoutEntity,
    ],
    migrations,
  },
  definition(deps) {
    const { config, database, logger } = deps;
    const { stripe, paypal, payments, paypalPayments } = servicesOf(deps);
    const prices = tierPricesFromConfig(config);
    return {
      name: 'payments',
      typeDefs,
      resolvers,
      permissions,
      webhookRoutes: createWebhookRoutes(
        {
          stripe:
            stripe &&
            createStripeWebhook(database, stripe, logger, createBillingWebhook(database, stripe.client, prices)),
          paypal:
            paypal &&
            createPayPalWebhook(
              database,
              logger,
              createPayPalWebhookVerifier(paypal.client, paypal.webhookId),
              paypalPayments,
            ),
        },
        logger,
      ),
      auditedQueries: ['platformRevenue'],
      extendContext: paymentsContext({
        payments,
        billing: createBillingService(stripe?.client ?? null, prices),
        paypal: paypalPayments,
        payouts: createPayoutService(paypal?.client ?? null),
        platformRevenue: createPlatformRevenue(database),
      }),
    };
  },
  eventFeedKey: ({ keys }) => requireKey(keys.events?.publicKey, 'EVENTS_VERIFY_KEY'),
  consumers: (deps) => {
    const { cancellation, meter } = servicesOf(deps);
    return [orderEventsConsumer(deps.database, cancellation.settle), ...(meter ? [meter.consumer] : [])];
  },
  background: (deps) => {
    const { database, logger } = deps;
    const { cancellation, meter, paypal } = servicesOf(deps);
    return [
      { name: 'cancelled-order-refunds', everyMs: 5 * 60_000, run: () => cancellation.resumeUnsettled() },
      ...(meter ? [{ name: 'meter-report-retry', everyMs: 5 * 60_000, run: () => meter.retryUnreported() }] : []),
      ...(paypal
        ? [
            {
              name: 'payout-refresh',
              everyMs: 15 * 60_000,
              run: createPayoutRefresh(database, paypal.client, logger, 15 * 60_000),
            },
          ]
        : []),
    ];
  },
};
