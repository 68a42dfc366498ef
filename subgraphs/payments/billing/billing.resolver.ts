import { refusable } from '../../../common/graphql/user-error.ts';
import { money } from '../../../common/money/money.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { BillingAccount } from './billing-account.entity.ts';

const NO_BILLING = { tier: 'FREE', status: 'NONE', cancelAtPeriodEnd: false } as BillingAccount;

export const billingResolvers: Resolvers = {
  Query: {
    billing: (_, __, ctx) =>
      ctx.transaction(async (manager) => (await ctx.billing.find(manager, ctx.identity.tenantId!)) ?? NO_BILLING),
    invoices: (_, args, ctx) =>
      ctx.transaction((manager) => ctx.billing.invoices(manager, ctx.identity.tenantId!, args)),
  },
  Mutation: {
    startSubscription: (_, { input }, ctx) => refusable(() => ctx.billing.start(ctx, input.tier)),
    changeSubscriptionTier: (_, { input }, ctx) => refusable(() => ctx.billing.changeTier(ctx, input.tier)),
    cancelSubscription: (_, __, ctx) => refusable(() => ctx.billing.cancel(ctx)),
  },
  TenantBilling: {
    price: (account) =>
      account.priceAmount !== null && account.currency ? money(account.priceAmount, account.currency) : null,
  },
  Invoice: {
    amountDue: (invoice) => money(invoice.amountDue, invoice.currency),
    amountPaid: (invoice) => money(invoice.amountPaid, invoice.currency),
  },
};
