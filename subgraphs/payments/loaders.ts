import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { isUuid } from '../../common/database/uuid.ts';
import { byId, groupedBy } from '../../common/graphql/loaders.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { PayableOrderEntity, type PayableOrder } from './payable-order.entity.ts';
import type { Payment, Refund } from './payment.entity.ts';
import type { PaymentService } from './payment.service.ts';

/** One set per request: an order's payments and a payment's refunds are fetched once per page. */
export interface PaymentsLoaders {
  order: DataLoader<string, PayableOrder | null>;
  paymentsByOrder: DataLoader<string, Payment[]>;
  refundsByPayment: DataLoader<string, Refund[]>;
}

export function createPaymentsLoaders(ctx: SubgraphContext, payments: PaymentService): PaymentsLoaders {
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
  };
}
