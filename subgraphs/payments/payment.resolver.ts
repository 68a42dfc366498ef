import { refusable } from '../../common/graphql/user-error.ts';
import { money } from '../../common/money/money.ts';
import { orderPaymentStatus, paymentStatus } from './payment-state.ts';
import { seesAllPayments } from './payment.service.ts';
import { checkRange, revenueReport } from './revenue/revenue-report.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const paymentResolvers: Resolvers = {
  Query: {
    payment: (_, { id }, ctx) => ctx.transaction((manager) => ctx.payments.findVisible(manager, ctx.identity, id)),
    revenueReport: (_, { range, groupBy }, ctx) => {
      checkRange(range);
      return ctx.transaction((manager) => revenueReport(manager, range, groupBy));
    },
  },
  Mutation: {
    startStripePayment: (_, { input }, ctx) =>
      refusable(() => ctx.payments.start(ctx, { orderId: input.orderId, provider: 'STRIPE' })),
    recordInStorePayment: (_, { input }, ctx) =>
      refusable(() => ctx.payments.start(ctx, { ...input, provider: 'IN_STORE' })),
    refundPayment: (_, { input }, ctx) => refusable(() => ctx.payments.refund(ctx, input)),
  },
  Payment: {
    __resolveReference: ({ id }, ctx) =>
      ctx.transaction((manager) => ctx.payments.findVisible(manager, ctx.identity, id)),
    order: (payment) => ({ id: payment.orderId, tenantId: payment.tenantId, customerId: payment.customerId }),
    inStoreMethod: (payment) => payment.method,
    status: (payment) => paymentStatus(payment),
    amount: (payment) => money(payment.amount, payment.currency),
    refunded: (payment) => money(payment.refunded, payment.currency),
    refunds: (payment, _, ctx) => ctx.loaders.refundsByPayment.load(payment.id),
  },
  RevenueRow: {
    collected: (row) => money(row.collected, row.currency),
    refunded: (row) => money(row.refunded, row.currency),
    net: (row) => money(row.collected - row.refunded, row.currency),
  },
  Refund: {
    status: (refund) => refund.state,
    amount: (refund) => money(refund.amount, refund.currency),
  },
  Order: {
    // Payments knows an order from the orders subgraph's events; a customer sees only their own.
    __resolveReference: async ({ id }, ctx) => {
      const order = await ctx.loaders.order.load(id);
      return order && (seesAllPayments(ctx.identity) || order.customerId === ctx.identity.userId) ? order : null;
    },
    payments: (order, _, ctx) => ctx.loaders.paymentsByOrder.load(order.id),
    paymentStatus: async (order, _, ctx) => orderPaymentStatus(await ctx.loaders.paymentsByOrder.load(order.id)),
  },
};
