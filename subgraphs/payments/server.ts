import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { Logger } from 'pino';
import type { Config } from '../../common/config.ts';
import type { Database } from '../../common/database/database.ts';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { BillingAccountEntity } from './billing/billing-account.entity.ts';
import { createBillingService } from './billing/billing.service.ts';
import { createBillingWebhook } from './billing/billing-webhook.ts';
import { InvoiceEntity } from './billing/invoice.entity.ts';
import { MeterReportEntity } from './billing/meter-report.entity.ts';
import { createMeterReporter } from './billing/meter-reporter.ts';
import { tierPricesFromConfig } from './billing/tier-prices.ts';
import { inStoreProvider } from './in-store.provider.ts';
import { migrations } from './migrations/index.ts';
import { orderEventsConsumer } from './order-events.consumer.ts';
import { PayableOrderEntity } from './payable-order.entity.ts';
import { PaymentEntity, RefundEntity } from './payment.entity.ts';
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
import { paymentsContext, resolvers } from './resolvers.ts';
import { stripeFromConfig } from './stripe/stripe-client.ts';
import { createStripeProvider } from './stripe/stripe.provider.ts';
import { createStripeWebhook } from './stripe/stripe-webhook.ts';
import { WebhookEventEntity } from './webhook-event.entity.ts';
import { createWebhookRoutes } from './webhook-routes.ts';

const meterReporterFromConfig = (config: Config, database: Database, logger: Logger) => {
  const stripe = stripeFromConfig(config);
  return stripe && createMeterReporter(database, stripe.client, config.STRIPE_METER_EVENT_NAME, logger);
};

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
      InvoiceEntity,
      MeterReportEntity,
      PayoutEntity,
    ],
    migrations,
  },
  definition({ config, database, logger }) {
    const stripe = stripeFromConfig(config);
    const paypal = paypalFromConfig(config);
    const prices = tierPricesFromConfig(config);
    const paypalProvider = paypal && createPayPalProvider(paypal.client);
    const payments = createPaymentService({
      IN_STORE: inStoreProvider,
      ...(stripe ? { STRIPE: createStripeProvider(stripe.client) } : {}),
      ...(paypalProvider ? { PAYPAL: paypalProvider } : {}),
    });
    const paypalPayments = createPayPalPayments(payments, paypalProvider);
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
      extendContext: paymentsContext(
        payments,
        createBillingService(stripe?.client ?? null, prices),
        paypalPayments,
        createPayoutService(paypal?.client ?? null),
      ),
    };
  },
  consumers: ({ config, database, logger }) => {
    const meter = meterReporterFromConfig(config, database, logger);
    return [orderEventsConsumer(database), ...(meter ? [meter.consumer] : [])];
  },
  background: ({ config, database, logger }) => {
    const meter = meterReporterFromConfig(config, database, logger);
    const paypal = paypalFromConfig(config);
    return [
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
