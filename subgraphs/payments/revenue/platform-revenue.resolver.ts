import { money } from '../../../common/money/money.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { checkRange } from './revenue-report.ts';

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export const platformRevenueResolvers: Resolvers = {
  Query: {
    platformRevenue: (_, { range }, ctx) => {
      checkRange(range);
      return ctx.platformRevenue.months(range);
    },
  },
  PlatformRevenueMonth: {
    __resolveReference: ({ month, currency }, ctx) => ctx.loaders.platformRevenueMonth.load({ month, currency }),
    mrr: (row) => money(row.mrr, row.currency),
    arr: (row) => money(12 * row.mrr, row.currency),
    arpu: (row) => (row.payingTenants > 0 ? money(Math.round(row.mrr / row.payingTenants), row.currency) : null),
    newMrr: (row) => money(row.newMrr, row.currency),
    expansionMrr: (row) => money(row.expansionMrr, row.currency),
    contractionMrr: (row) => money(row.contractionMrr, row.currency),
    churnedMrr: (row) => money(row.churnedMrr, row.currency),
    logoChurn: (row) => ratio(row.churnedTenants, row.payingTenantsAtStart),
    revenueChurn: (row) => ratio(row.churnedMrr + row.contractionMrr, row.mrrAtStart),
  },
};
