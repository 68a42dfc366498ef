import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { BillingService } from './billing/billing.service.ts';
import type { PaymentsLoaders } from './loaders.ts';
import type { PaymentService } from './payment.service.ts';
import type { PayPalPayments } from './paypal/paypal-payment.service.ts';
import type { PayoutService } from './paypal/payout.service.ts';

export interface PaymentsContext extends SubgraphContext {
  loaders: PaymentsLoaders;
  payments: PaymentService;
  billing: BillingService;
  paypal: PayPalPayments;
  payouts: PayoutService;
}
