import type { Database } from '../../common/database/database.ts';
import { rebuildRollups } from '../../subgraphs/analytics/rollup-refresh.ts';

export interface HistoryStore {
  id: string;
  timezone: string;
  currency: string;
  /** Its share of the tenant's trade, relative to the other stores. */
  weight: number;
}

export interface HistoryShape {
  orders: number;
  days: number;
  customers: number;
  stores: HistoryStore[];
}

/** The menu every store sells: names and prices in US cents, converted per currency below. */
const MENU = [
  ['Espresso', 300],
  ['Americano', 350],
  ['Flat White', 420],
  ['Cappuccino', 430],
  ['Latte', 450],
  ['Mocha', 490],
  ['Cold Brew', 470],
  ['Chai Latte', 460],
  ['Matcha Latte', 520],
  ['Hot Chocolate', 400],
  ['Croissant', 380],
  ['Banana Bread', 360],
  ['Blueberry Muffin', 340],
  ['Breakfast Sandwich', 690],
] as const;
const PRICE_FACTOR: Record<string, number> = { USD: 1, EUR: 0.95, GBP: 0.8, JPY: 1.5 };

/**
 * The tenant's orders, set-based: per store, local day and opening hour a number of orders weighted
 * by the hour of day (morning and lunch peaks), the day of the week, the season and the business's
 * growth; each order from a regular of the store (customers grow in number over the period, a few
 * buy a lot), a guest now and then, one to three lines over the menu; most completed and paid (in
 * store by cash or card, or online), a few cancelled.
 */
const ORDERS = `
CREATE TEMP TABLE seeded_orders ON COMMIT DROP AS
WITH stores AS (
  SELECT s.*, row_number() OVER () - 1 AS ordinal, count(*) OVER () AS store_count
    FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, timezone text, currency text, weight float8, price_factor float8)
), slots AS (
  SELECT s.id AS store_id, s.currency, s.price_factor, s.ordinal, s.store_count, d.offset_days,
         ((now() AT TIME ZONE s.timezone)::date - d.offset_days + make_interval(hours => h)) AT TIME ZONE s.timezone
           AS starts_at,
         s.weight
           * (0.25 + exp(-((h - 8.5) ^ 2) / 3) + 0.6 * exp(-((h - 13) ^ 2) / 2))
           * CASE extract(isodow FROM (now() AT TIME ZONE s.timezone)::date - d.offset_days)
               WHEN 6 THEN 1.25 WHEN 7 THEN 0.85 ELSE 1 END
           * (1 + 0.1 * cos(2 * pi() * extract(doy FROM (now() AT TIME ZONE s.timezone)::date - d.offset_days) / 365))
           * (0.7 + 0.3 * (1 - d.offset_days::float8 / $3::int)) AS weight
    FROM stores s, generate_series(0, $3::int - 1) AS d(offset_days), generate_series(6, 20) AS h
), counted AS (
  SELECT *, floor(weight / sum(weight) OVER () * $2::int + random())::int AS orders FROM slots
), placed AS (
  SELECT c.*, c.starts_at + random() * interval '1 hour' AS placed_at, random() AS fate, random() AS guest,
         floor($4::float8 * (0.25 + 0.75 * (1 - c.offset_days::float8 / $3::int)) / c.store_count * random() ^ 1.6)::int
           * c.store_count
           + CASE WHEN random() < 0.85 THEN c.ordinal ELSE floor(random() * c.store_count)::int END AS customer
    FROM counted c, generate_series(1, c.orders)
)
SELECT gen_random_uuid() AS order_id, store_id, currency, price_factor, placed_at,
       CASE WHEN guest < 0.08 THEN NULL ELSE md5('customer-' || customer)::uuid END AS customer_id,
       CASE WHEN fate >= 0.035 THEN least(placed_at + interval '30 seconds', now()) END AS paid_at,
       CASE WHEN fate >= 0.035 THEN least(placed_at + interval '5 minutes', now()) END AS completed_at,
       CASE WHEN fate < 0.035 THEN least(placed_at + interval '4 minutes', now()) END AS cancelled_at,
       1 + (random() < 0.45)::int + (random() < 0.15)::int AS line_count
  FROM placed WHERE placed_at < now()`;

const LINES = `
INSERT INTO analytics.order_fact_lines (order_id, position, tenant_id, product_id, product_name, quantity, total)
SELECT l.order_id, l.position, $1, md5('product-' || l.product)::uuid, ($2::text[])[l.product], l.quantity,
       round(($3::int[])[l.product] * l.price_factor) * l.quantity
  FROM (SELECT o.order_id, o.price_factor, position, 1 + floor(random() ^ 1.4 * array_length($2::text[], 1))::int AS product,
               1 + (random() < 0.1)::int AS quantity
          FROM seeded_orders o, generate_series(0, o.line_count - 1) AS position) l`;

const FACTS = `
INSERT INTO analytics.order_facts
  (order_id, tenant_id, store_id, customer_id, currency, total, item_count, placed_at, completed_at, paid_at, cancelled_at)
SELECT o.order_id, $1, o.store_id, o.customer_id, o.currency, l.total, l.items, o.placed_at, o.completed_at, o.paid_at,
       o.cancelled_at
  FROM seeded_orders o
  JOIN (SELECT order_id, sum(total) AS total, sum(quantity) AS items FROM analytics.order_fact_lines
         WHERE tenant_id = $1 GROUP BY order_id) l USING (order_id)`;

const PAYMENTS = `
INSERT INTO analytics.payment_facts (payment_id, tenant_id, order_id, provider, method, currency, amount, succeeded_at)
SELECT gen_random_uuid(), $1, f.order_id, CASE WHEN f.how < 0.3 THEN 'STRIPE' ELSE 'IN_STORE' END,
       CASE WHEN f.how < 0.3 THEN NULL WHEN f.how < 0.5 THEN 'CASH' ELSE 'CARD_TERMINAL' END, f.currency, f.total, f.paid_at
  FROM (SELECT *, random() AS how FROM analytics.order_facts WHERE tenant_id = $1 AND paid_at IS NOT NULL) f`;

const STORES = `
INSERT INTO analytics.stores (id, tenant_id, timezone, currency)
SELECT s.id, $1, s.timezone, s.currency FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, timezone text, currency text)
ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone, currency = EXCLUDED.currency`;

const FACT_TABLES = ['stores', 'order_facts', 'order_fact_lines', 'payment_facts'];
const ROLLUP_TABLES = [
  'hourly_sales',
  'hourly_product_sales',
  'hourly_payments',
  'daily_customers',
  'customer_numbers',
  'daily_sales',
  'daily_product_sales',
  'daily_payments',
];

export interface SeededHistory {
  orders: number;
  customers: number;
  factsSeconds: number;
  rollupSeconds: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * Writes a tenant's order history straight into analytics' facts, then builds the rollups from them
 * with the statements ingestion uses, so the figures read are those production would hold.
 */
export async function seedSalesHistory(
  database: Database,
  tenantId: string,
  shape: HistoryShape,
): Promise<SeededHistory> {
  const stores = shape.stores.map((store) => ({ ...store, price_factor: PRICE_FACTOR[store.currency] ?? 1 }));
  const started = performance.now();
  await database.system(async (manager) => {
    await manager.query(STORES, [tenantId, JSON.stringify(stores)]);
    await manager.query(ORDERS, [JSON.stringify(stores), shape.orders, shape.days, shape.customers]);
    await manager.query(LINES, [tenantId, MENU.map(([name]) => name), MENU.map(([, cents]) => cents)]);
    await manager.query(FACTS, [tenantId]);
    await manager.query(PAYMENTS, [tenantId]);
  });
  const vacuum = async (tables: string[]) => {
    for (const table of tables) await database.dataSource.query(`VACUUM ANALYZE analytics.${table}`);
  };
  await vacuum(FACT_TABLES);
  const factsSeconds = seconds(started);
  const rollupsStarted = performance.now();
  await database.system((manager) => rebuildRollups(manager, tenantId));
  const rollupSeconds = seconds(rollupsStarted);
  await vacuum(ROLLUP_TABLES);
  const [counts]: { orders: string; customers: string }[] = await database.dataSource.query(
    `SELECT count(*) AS orders, count(DISTINCT customer_id) AS customers FROM analytics.order_facts WHERE tenant_id = $1`,
    [tenantId],
  );
  return { orders: Number(counts!.orders), customers: Number(counts!.customers), factsSeconds, rollupSeconds };
}
