import { mergeResolvers } from '../../common/graphql/merge-resolvers.ts';
import { DateTimeScalar, MinorUnitsScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { billingResolvers } from './billing/billing.resolver.ts';
import type { PaymentsContext, PaymentsServices } from './context.ts';
import { createPaymentsLoaders } from './loaders.ts';
import { paymentResolvers } from './payment.resolver.ts';
import { paypalResolvers } from './paypal/paypal.resolver.ts';
import { platformRevenueResolvers } from './revenue/platform-revenue.resolver.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const paymentsContext =
  (services: PaymentsServices) =>
  (base: SubgraphContext): PaymentsContext => ({
    ...base,
    ...services,
    loaders: createPaymentsLoaders(base, services.payments, services.platformRevenue),
  });

export const resolvers = mergeResolvers<Resolvers>(
  { DateTime: DateTimeScalar, MinorUnits: MinorUnitsScalar },
  paymentResolvers,
  billingResolvers,
  paypalResolvers,
  platformRevenueResolvers,
);
