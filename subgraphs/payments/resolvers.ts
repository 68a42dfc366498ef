import { mergeResolvers } from '../../common/graphql/merge-resolvers.ts';
import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { billingResolvers } from './billing/billing.resolver.ts';
import type { BillingService } from './billing/billing.service.ts';
import type { PaymentsContext } from './context.ts';
import { createPaymentsLoaders } from './loaders.ts';
import type { PaymentService } from './payment.service.ts';
import { paymentResolvers } from './payment.resolver.ts';
import type { PlatformRevenue } from './revenue/platform-revenue.ts';
import { platformRevenueResolvers } from './revenue/platform-revenue.resolver.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const paymentsContext =
  (payments: PaymentService, billing: BillingService, platformRevenue: PlatformRevenue) =>
  (base: SubgraphContext): PaymentsContext => ({
    ...base,
    payments,
    billing,
    platformRevenue,
    loaders: createPaymentsLoaders(base, payments),
  });

export const resolvers = mergeResolvers<Resolvers>(
  { DateTime: DateTimeScalar },
  paymentResolvers,
  billingResolvers,
  platformRevenueResolvers,
);
