import type { EntityManager } from 'typeorm';
import type { CustomerSummary } from './models/customer-summary.ts';
import { isSale } from './sales-hour.ts';

const DAY_MS = 86_400_000;

/** One customer's sales at the tenant, as the customer models read them. */
export interface CustomerRecord {
  customerId: string;
  /** Sales in every currency. */
  orders: number;
  firstSaleAt: Date;
  lastSaleAt: Date;
  /** The currency of most of their sales (the latest on a tie); the money figures below are in it. */
  currency: string;
  spend: number;
  /** Sales in that currency. */
  ordersInCurrency: number;
  /** Mean value of their sales in that currency after the first; null without such a sale. */
  repeatAverageSpend: number | null;
}

interface CurrencyRow {
  customer_id: string;
  currency: string;
  orders: number;
  spend: string;
  first_sale_at: Date;
  last_sale_at: Date;
  first_total: number;
}

/** Every customer with a sale at the tenant (row-level security keeps to it), one row each. */
export async function loadCustomerRecords(manager: EntityManager): Promise<CustomerRecord[]> {
  const rows: CurrencyRow[] = await manager.query(
    `SELECT f.customer_id, f.currency, count(*)::int AS orders, sum(f.total) AS spend,
            min(f.placed_at) AS first_sale_at, max(f.placed_at) AS last_sale_at,
            (array_agg(f.total ORDER BY f.placed_at, f.order_id))[1] AS first_total
       FROM analytics.order_facts f
      WHERE f.customer_id IS NOT NULL AND ${isSale('f')}
      GROUP BY f.customer_id, f.currency`,
  );
  const byCustomer = new Map<string, CurrencyRow[]>();
  for (const row of rows) byCustomer.set(row.customer_id, [...(byCustomer.get(row.customer_id) ?? []), row]);
  return [...byCustomer.entries()].map(([customerId, currencies]) => {
    const main = currencies.reduce((best, row) =>
      row.orders > best.orders || (row.orders === best.orders && row.last_sale_at > best.last_sale_at) ? row : best,
    );
    const spend = Number(main.spend);
    return {
      customerId,
      orders: currencies.reduce((sum, row) => sum + row.orders, 0),
      firstSaleAt: new Date(Math.min(...currencies.map((row) => new Date(row.first_sale_at).getTime()))),
      lastSaleAt: new Date(Math.max(...currencies.map((row) => new Date(row.last_sale_at).getTime()))),
      currency: main.currency,
      spend,
      ordersInCurrency: main.orders,
      repeatAverageSpend: main.orders > 1 ? (spend - main.first_total) / (main.orders - 1) : null,
    };
  });
}

/**
 * The purchase model's view of a customer, in days as of `asOf`: repeat sales, days from the first
 * to the last, days since the first. A sale in the future (a clock ahead) counts as now.
 */
export function purchaseSummary(customer: CustomerRecord, asOf: Date): CustomerSummary {
  const first = customer.firstSaleAt.getTime();
  const age = Math.max((Math.max(asOf.getTime(), customer.lastSaleAt.getTime()) - first) / DAY_MS, 1e-3);
  const frequency = customer.orders - 1;
  return {
    frequency,
    recency: frequency === 0 ? 0 : Math.min((customer.lastSaleAt.getTime() - first) / DAY_MS, age),
    age,
  };
}

/** The spend model's view: repeat sales in the customer's currency and their mean value. */
export function spendSummary(customer: CustomerRecord, asOf: Date): CustomerSummary {
  const { recency, age } = purchaseSummary(customer, asOf);
  const frequency = customer.ordersInCurrency - 1;
  return { frequency, recency: frequency === 0 ? 0 : recency, age, averageSpend: customer.repeatAverageSpend ?? 0 };
}
