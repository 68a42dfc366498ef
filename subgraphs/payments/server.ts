import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { Logger } from 'pino';
import type { Config } from '../../common/config.ts';
import type { Database } from '../../common/database/database.ts';
import { requireKey } from '../../common/identity/keys.ts';
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
    ],
    migrations,
  },
  definition({ config, database, logger }) {
    const stripe = stripeFromConfig(config);
    const prices = tierPricesFromConfig(config);
    const payments = createPaymentService({
      IN_STORE: inStoreProvider,
      ...(stripe ? { STRIPE: createStripeProvider(stripe.client) } : {}),
    });
    return {
      name: 'payments',
      typeDefs,
      resolvers,
      permissions,
      webhookRoutes: createWebhookRoutes(
        stripe && createStripeWebhook(database, stripe, logger, createBillingWebhook(database, stripe.client, prices)),
        logger,
      ),
      extendContext: paymentsContext(payments, createBillingService(stripe?.client ?? null, prices)),
    };
  },
  eventFeedKey: ({ keys }) => requireKey(keys.events?.publicKey, 'EVENTS_VERIFY_KEY'),
  consumers: ({ config, database, logger }) => {
    const meter = meterReporterFromConfig(config, database, logger);
    return [orderEventsConsumer(database), ...(meter ? [meter.consumer] : [])];
  },
  background: ({ config, database, logger }) => {
    const meter = meterReporterFromConfig(config, database, logger);
    return meter ? [{ name: 'meter-report-retry', everyMs: 5 * 60_000, run: () => meter.retryUnreported() }] : [];
  },
};
