import { money, type Money } from '../../common/money/money.ts';
import { purchaseSummary, spendSummary, type CustomerRecord } from './customer-base.ts';
import type { CustomerModelCache, CustomerModels } from './customer-models.ts';
import { expectedPurchases, expectedPurchasesInterval, probabilityAlive } from './models/bg-nbd.ts';
import { customerLifetimeValue, customerLifetimeValueInterval } from './models/customer-lifetime-value.ts';
import type { Interval } from './models/delta-method-interval.ts';
import { expectedAverageSpend, expectedAverageSpendInterval } from './models/gamma-gamma.ts';
import { ModelInputError } from './models/model-input-error.ts';
import { quintileScores, scoreRfm, type RfmSegment } from './models/rfm.ts';

export const PREDICTION_HORIZON_DAYS = 90;
export const LTV_MONTHS = 12;
export const LTV_MONTHLY_DISCOUNT_RATE = 0.01;
const DAYS_PER_MONTH = 30;
const INTERVAL_LEVEL = 0.9;

export interface RfmScores {
  recency: number;
  frequency: number;
  monetary: number;
}

export interface MoneyInterval {
  lower: Money;
  upper: Money;
  level: number;
}

export interface CustomerPrediction {
  horizonDays: number;
  expectedPurchases: number;
  expectedPurchasesInterval: Interval | null;
  probabilityAlive: number;
  churnRisk: number;
  expectedSpendPerOrder: Money | null;
  expectedSpendPerOrderInterval: MoneyInterval | null;
  ltv: Money | null;
  ltvInterval: MoneyInterval | null;
  ltvMonths: number;
  modelFittedAt: Date;
}

export interface CustomerInsights {
  orders: number;
  firstSaleAt: Date;
  lastSaleAt: Date;
  currency: string;
  totalSpend: Money;
  rfm: RfmScores;
  segment: RfmSegment;
  prediction: CustomerPrediction | null;
  predictionUnavailable: string | null;
}

/** The tenant's customers scored against each other, with the models fitted on them. */
export interface CustomerBase {
  asOf: Date;
  customers: Map<string, CustomerRecord>;
  scores: Map<string, RfmScores & { segment: RfmSegment }>;
  models: CustomerModels;
}

/** Monetary scores compare customers who buy in the same currency: amounts in different ones do not rank. */
function monetaryScores(customers: readonly CustomerRecord[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (const currency of new Set(customers.map((customer) => customer.currency))) {
    const group = customers.filter((customer) => customer.currency === currency);
    quintileScores(group.map((customer) => customer.spend)).forEach((score, i) =>
      scores.set(group[i]!.customerId, score),
    );
  }
  return scores;
}

/** The tenant's customers (read beforehand, so no transaction waits on a fit) scored, with their models. */
export async function scoreCustomerBase(
  records: CustomerRecord[],
  tenantId: string,
  cache: CustomerModelCache,
  asOf = new Date(),
): Promise<CustomerBase> {
  const latest = Math.max(asOf.getTime(), ...records.map((record) => record.lastSaleAt.getTime()));
  const now = new Date(latest);
  const monetary = monetaryScores(records);
  const rfm = scoreRfm(
    records.map((record) => ({
      customerId: record.customerId,
      lastOrderAt: record.lastSaleAt,
      orderCount: record.orders,
      totalSpend: record.spend,
    })),
    now,
  );
  return {
    asOf: now,
    customers: new Map(records.map((record) => [record.customerId, record])),
    scores: new Map(
      rfm.map((score) => [
        score.customerId,
        {
          recency: score.recency,
          frequency: score.frequency,
          monetary: monetary.get(score.customerId)!,
          segment: score.segment,
        },
      ]),
    ),
    models: await cache.modelsFor(tenantId, records, now),
  };
}

const roundedMoney = (amount: number, currency: string) => money(Math.round(amount), currency);
const moneyInterval = (interval: Interval | null, currency: string): MoneyInterval | null =>
  interval && {
    lower: roundedMoney(interval.lower, currency),
    upper: roundedMoney(interval.upper, currency),
    level: interval.level,
  };

function predictionFor(base: CustomerBase, customer: CustomerRecord): CustomerPrediction | null {
  const { purchases, spend: spendFits, fittedAt } = base.models;
  if (!purchases) return null;
  const summary = purchaseSummary(customer, base.asOf);
  const alive = probabilityAlive(purchases.parameters, summary);
  const spend = spendFits.get(customer.currency);
  const spending = spendSummary(customer, base.asOf);
  // The lifetime value counts purchases in every currency, each worth the customer's spend in their own.
  const lifetimeSummary = {
    ...summary,
    averageSpend: customer.repeatAverageSpend ?? customer.spend / customer.ordersInCurrency,
  };
  const lifetime = {
    months: LTV_MONTHS,
    monthlyDiscountRate: LTV_MONTHLY_DISCOUNT_RATE,
    periodsPerMonth: DAYS_PER_MONTH,
  };
  const { currency } = customer;
  return {
    horizonDays: PREDICTION_HORIZON_DAYS,
    expectedPurchases: expectedPurchases(purchases.parameters, summary, PREDICTION_HORIZON_DAYS),
    expectedPurchasesInterval: expectedPurchasesInterval(purchases, summary, PREDICTION_HORIZON_DAYS, INTERVAL_LEVEL),
    probabilityAlive: alive,
    churnRisk: 1 - alive,
    expectedSpendPerOrder: spend ? roundedMoney(expectedAverageSpend(spend.parameters, spending), currency) : null,
    expectedSpendPerOrderInterval: spend
      ? moneyInterval(expectedAverageSpendInterval(spend, spending, INTERVAL_LEVEL), currency)
      : null,
    ltv: spend
      ? roundedMoney(customerLifetimeValue(purchases.parameters, spend.parameters, lifetimeSummary, lifetime), currency)
      : null,
    ltvInterval: spend
      ? moneyInterval(
          customerLifetimeValueInterval(purchases, spend, lifetimeSummary, lifetime, INTERVAL_LEVEL),
          currency,
        )
      : null,
    ltvMonths: LTV_MONTHS,
    modelFittedAt: fittedAt,
  };
}

/** What the customer's sales say about them; null for someone with no sales at the tenant. */
export function insightsOf(base: CustomerBase, customerId: string): CustomerInsights | null {
  const customer = base.customers.get(customerId);
  const score = base.scores.get(customerId);
  if (!customer || !score) return null;
  const { segment, ...rfm } = score;
  let prediction: CustomerPrediction | null;
  let unavailable: string | null;
  try {
    prediction = predictionFor(base, customer);
    unavailable = prediction
      ? (base.models.spendUnavailable.get(customer.currency) ?? null)
      : base.models.purchasesUnavailable;
  } catch (error) {
    // A fit at the edge of its parameter space can leave one customer's figures out of reach.
    if (!(error instanceof ModelInputError)) throw error;
    [prediction, unavailable] = [null, error.message];
  }
  return {
    orders: customer.orders,
    firstSaleAt: customer.firstSaleAt,
    lastSaleAt: customer.lastSaleAt,
    currency: customer.currency,
    totalSpend: money(customer.spend, customer.currency),
    rfm,
    segment,
    prediction,
    predictionUnavailable: unavailable,
  };
}
