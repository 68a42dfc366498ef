import { refusable } from '../../../common/graphql/user-error.ts';
import { money } from '../../../common/money/money.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';

export const paypalResolvers: Resolvers = {
  Query: {
    payouts: (_, args, ctx) => ctx.transaction((manager) => ctx.payouts.list(manager, ctx.identity.tenantId!, args)),
  },
  Mutation: {
    startPayPalPayment: (_, { input }, ctx) => refusable(() => ctx.paypal.start(ctx, input)),
    capturePayPalPayment: (_, { input }, ctx) => refusable(() => ctx.paypal.capture(ctx, input.paymentId)),
    createPayout: (_, { input }, ctx) => refusable(() => ctx.payouts.create(ctx, input)),
  },
  PayoutItem: {
    amount: (item) => money(item.amount, item.currency),
  },
};
