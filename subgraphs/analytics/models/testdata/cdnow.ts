import { readFileSync } from 'node:fs';
import type { CustomerSummary } from '../customer-summary.ts';

/** The CDNOW customers as the models take them (weeks as the time unit). */
export function loadCdnowCustomers(): CustomerSummary[] {
  const text = readFileSync(new URL('./cdnow_customers_summary.csv', import.meta.url), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [, x, tx, T, zbar] = line.split(',').map(Number);
      return { frequency: x!, recency: tx!, age: T!, averageSpend: zbar! };
    });
}
