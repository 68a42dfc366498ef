import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { BillingService } from './billing/billing.service.ts';
import type { PaymentsLoaders } from './loaders.ts';
import type { PaymentService } from './payment.service.ts';
import type { PlatformRevenue } from './revenue/platform-revenue.ts';

export interface PaymentsContext extends SubgraphContext {
  loaders: PaymentsLoaders;
  payments: PaymentService;
  billing: BillingService;
  platformRevenue: PlatformRevenue;
}
