import { refusable } from '../../../common/graphql/user-error.ts';
import { money } from '../../../common/money/money.ts';
import type { AnalyticsContext } from '../context.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { correctAcquisitionSpend, recordAcquisitionSpend, spendOfRange } from './acquisition-spend.service.ts';
import {
  customerAcquisitionCost,
  lifetimeValue,
  lifetimeValueToAcquisitionCost,
  type RevenueMonthReference,
} from './unit-economics.ts';

const spendOf = ({ month, currency }: RevenueMonthReference, ctx: AnalyticsContext) =>
  ctx.loaders.acquisitionSpend.load({ month, currency });

const cacOf = async (month: RevenueMonthReference, ctx: AnalyticsContext) =>
  customerAcquisitionCost(await spendOf(month, ctx), month.newPayingTenants ?? 0);

const ltvOf = (month: RevenueMonthReference) => lifetimeValue(month.arpu?.amount ?? null, month.logoChurn ?? null);

const moneyOrNull = (amount: number | null, currency: string) => (amount === null ? null : money(amount, currency));

export const platformKpiResolvers: Resolvers = {
  Query: {
    acquisitionSpend: (_, { range }, ctx) => ctx.transaction((manager) => spendOfRange(manager, range)),
  },
  Mutation: {
    recordAcquisitionSpend: (_, { input }, ctx) =>
      refusable(() => ctx.transaction((manager) => recordAcquisitionSpend(manager, input))),
    correctAcquisitionSpend: (_, { input }, ctx) =>
      refusable(() => ctx.transaction((manager) => correctAcquisitionSpend(manager, input))),
  },
  AcquisitionSpend: {
    amount: (spend) => money(spend.amount, spend.currency),
    correctedTotal: (spend) => moneyOrNull(spend.correctedTotal, spend.currency),
  },
  AcquisitionSpendMonth: {
    amount: (total) => money(total.amount, total.currency),
    revenue: ({ month, currency }) => ({ month, currency }),
  },
  PlatformRevenueMonth: {
    // Any month may be asked about; payments knows which have revenue, analytics adds its spend.
    __resolveReference: (reference) => reference,
    acquisitionSpend: async (month, _, ctx) => moneyOrNull(await spendOf(month, ctx), month.currency),
    cac: async (month, _, ctx) => moneyOrNull(await cacOf(month, ctx), month.currency),
    ltv: (month) => moneyOrNull(ltvOf(month), month.currency),
    ltvToCac: async (month, _, ctx) => lifetimeValueToAcquisitionCost(ltvOf(month), await cacOf(month, ctx)),
  },
};
