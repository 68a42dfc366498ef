import DataLoader from 'dataloader';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { loadCustomerRecords } from './customer-base.ts';
import {
  insightsOf,
  scoreCustomerBase,
  type CustomerBase,
  type CustomerInsights,
} from './customer-insights.service.ts';
import type { CustomerModelCache } from './customer-models.ts';
import { spendOfMonths } from './platform/acquisition-spend.service.ts';

/**
 * One set per request: however many customers a page shows, the tenant's customer base is read once;
 * however many platform revenue months, their acquisition spend too.
 */
export interface AnalyticsLoaders {
  customerBase: () => Promise<CustomerBase>;
  insights: DataLoader<string, CustomerInsights | null>;
  acquisitionSpend: DataLoader<{ month: string; currency: string }, number | null, string>;
}

export function createAnalyticsLoaders(ctx: SubgraphContext, models: CustomerModelCache): AnalyticsLoaders {
  let base: Promise<CustomerBase> | undefined;
  const customerBase = () =>
    (base ??= ctx
      .transaction(loadCustomerRecords)
      .then((records) => scoreCustomerBase(records, ctx.identity.tenantId!, models)));
  return {
    customerBase,
    insights: new DataLoader(async (ids) => {
      const loaded = await customerBase();
      return ids.map((id) => insightsOf(loaded, id));
    }),
    acquisitionSpend: new DataLoader((keys) => ctx.transaction((manager) => spendOfMonths(manager, keys)), {
      cacheKeyFn: ({ month, currency }) => `${month} ${currency}`,
    }),
  };
}
