import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { isUuid } from '../../common/database/uuid.ts';
import { byId, groupedBy } from '../../common/graphql/loaders.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { PayableOrderEntity, type PayableOrder } from './payable-order.entity.ts';
import type { Payment, Refund } from './payment.entity.ts';
import type { PaymentService } from './payment.service.ts';
import type { PlatformRevenue, RevenueMonthKey } from './revenue/platform-revenue.ts';
import type { SubscriptionMonth } from './revenue/subscription-metrics.ts';

/**
 * One set per request: an order's payments and a payment's refunds are fetched once per page, and
 * the platform revenue months other subgraphs refer to are recomputed from one read of the history.
 */
export interface PaymentsLoaders {
  order: DataLoader<string, PayableOrder | null>;
  paymentsByOrder: DataLoader<string, Payment[]>;
  refundsByPayment: DataLoader<string, Refund[]>;
  platformRevenueMonth: DataLoader<RevenueMonthKey, SubscriptionMonth | null, string>;
}

export function createPaymentsLoaders(
  ctx: SubgraphContext,
  payments: PaymentService,
  platformRevenue: PlatformRevenue,
): PaymentsLoaders {
  return {
    order: new DataLoader(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length
        ? await ctx.transaction((manager) => manager.getRepository(PayableOrderEntity).findBy({ id: In(valid) }))
        : [];
      return byId<PayableOrder>(ids)(rows);
    }),
    paymentsByOrder: new DataLoader((orderIds) =>
      ctx.transaction((manager) => payments.paymentsOfOrders(manager, orderIds)).then(groupedBy(orderIds, 'orderId')),
    ),
    refundsByPayment: new DataLoader((paymentIds) =>
      ctx
        .transaction((manager) => payments.refundsOfPayments(manager, paymentIds))
        .then(groupedBy(paymentIds, 'paymentId')),
    ),
    platformRevenueMonth: new DataLoader((keys) => platformRevenue.byKey(keys), {
      cacheKeyFn: ({ month, currency }) => `${month} ${currency}`,
    }),
  };
}
