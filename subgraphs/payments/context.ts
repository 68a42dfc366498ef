import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { BillingService } from './billing/billing.service.ts';
import type { PaymentsLoaders } from './loaders.ts';
import type { PaymentService } from './payment.service.ts';
import type { PayPalPayments } from './paypal/paypal-payment.service.ts';
import type { PayoutService } from './paypal/payout.service.ts';
import type { PlatformRevenue } from './revenue/platform-revenue.ts';

/** The payments subgraph's services, built once per process. */
export interface PaymentsServices {
  payments: PaymentService;
  billing: BillingService;
  paypal: PayPalPayments;
  payouts: PayoutService;
  platformRevenue: PlatformRevenue;
}

export interface PaymentsContext extends SubgraphContext, PaymentsServices {
  loaders: PaymentsLoaders;
}
