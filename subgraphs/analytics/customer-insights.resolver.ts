import { badUserInput } from '../../common/graphql/errors.ts';
import type { AnalyticsContext } from './context.ts';
import { cohortRetention } from './cohort.service.ts';
import { customerSegments, MAX_TOP_CUSTOMERS } from './customer-segments.service.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

const DEFAULT_TOP_CUSTOMERS = 10;
const userReference = (id: string) => ({ __typename: 'User' as const, id });

export const customerInsightsResolvers: Resolvers = {
  Query: {
    customerSegments: async (_, { storeId }, ctx) => {
      const base = await ctx.loaders.customerBase();
      return ctx.transaction((manager) => customerSegments(manager, base, storeId ?? null));
    },
    cohortRetention: (_, args, ctx) => ctx.transaction((manager) => cohortRetention(manager, args)),
  },
  CustomerSegmentSummary: {
    topCustomers: (summary, { first }) => {
      const count = first ?? DEFAULT_TOP_CUSTOMERS;
      if (!Number.isInteger(count) || count < 0 || count > MAX_TOP_CUSTOMERS) {
        throw badUserInput(`first must be between 0 and ${MAX_TOP_CUSTOMERS}`, 'first');
      }
      return summary.customerIds.slice(0, count).map(userReference);
    },
  },
  User: {
    // Analytics knows a person only as a customer with sales in the caller's tenant.
    __resolveReference: async ({ id }, ctx: AnalyticsContext) =>
      ctx.identity.tenantId && (await ctx.loaders.insights.load(id)) ? { id } : null,
    insights: (user, _, ctx) => ctx.loaders.insights.load(user.id),
  },
};
