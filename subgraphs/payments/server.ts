import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
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

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export const paymentsSubgraph: SubgraphModule = {
  name: 'payments',
  database: {
    schema: 'payments',
    entities: [PayableOrderEntity, PaymentEntity, RefundEntity, WebhookEventEntity],
    migrations,
  },
  definition({ config, database, logger }) {
    const stripe = stripeFromConfig(config);
    const payments = createPaymentService({
      IN_STORE: inStoreProvider,
      ...(stripe ? { STRIPE: createStripeProvider(stripe.client) } : {}),
    });
    return {
      name: 'payments',
      typeDefs,
      resolvers,
      permissions,
      webhookRoutes: createWebhookRoutes(stripe && createStripeWebhook(database, stripe, logger), logger),
      extendContext: paymentsContext(payments),
    };
  },
  consumers: ({ database }) => [orderEventsConsumer(database)],
};
