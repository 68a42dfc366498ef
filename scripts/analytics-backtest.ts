/**
 * How well the store forecasts would have done: a rolling-origin backtest of the daily Holt-Winters
 * forecast on each store's sales history, printed as MAPE per store and metric:
 *   npm run analytics:backtest
 * It reads the database the configuration names (DATABASE_URL, else the embedded data directory,
 * which holds the demo history once the platform has run; stop the platform first, one process per
 * data directory).
 */
import { join } from 'node:path';
import { loadConfig } from '../common/config.ts';
import { connectEmbedded, connectPostgres } from '../common/database/connection.ts';
import { openDatabase, type Database } from '../common/database/database.ts';
import { KIT_ENTITIES } from '../common/service/kit-entities.ts';
import { localDate } from '../common/time/zoned-time.ts';
import { analyticsSubgraph } from '../subgraphs/analytics/server.ts';
import { dailySales } from '../subgraphs/analytics/daily-sales.ts';
import { forecastHistory, MIN_HISTORY_DAYS, weeklyHoltWinters } from '../subgraphs/analytics/forecast.service.ts';
import { rollingOriginBacktest } from '../subgraphs/analytics/models/backtest.ts';

/** A week ahead from each origin, the origin moving a week at a time over the last eight weeks. */
const HORIZON = 7;
const STRIDE = 7;
const FOLDS = 8;

interface StoreRow {
  id: string;
  tenant_id: string;
  timezone: string;
}

async function backtestStore(database: Database, store: StoreRow): Promise<string[]> {
  return database.transaction(store.tenant_id, async (manager) => {
    const today = localDate(new Date(), store.timezone);
    const history = await forecastHistory(manager, store.id, store.timezone, today);
    if (!history) return [`${store.id}  no sales history`];
    const sales = await dailySales(manager, store.id, history, store.timezone);
    const days = sales.dates.length;
    if (days < MIN_HISTORY_DAYS + HORIZON) return [`${store.id}  ${days} days of history: too few to backtest`];
    const initialWindow = Math.max(MIN_HISTORY_DAYS, days - HORIZON - STRIDE * (FOLDS - 1));
    const series: [string, number[]][] = [
      ['ORDERS', sales.orders],
      ...[...sales.revenue].map(([currency, amounts]): [string, number[]] => [`REVENUE ${currency}`, amounts]),
    ];
    return series.map(([metric, values]) => {
      const { folds, overall } = rollingOriginBacktest(values, weeklyHoltWinters, {
        initialWindow,
        horizon: HORIZON,
        stride: STRIDE,
      });
      return `${store.id}  ${metric.padEnd(12)}  MAPE ${overall.mape.toFixed(1).padStart(5)} %  (${folds.length} folds, ${overall.compared} days, ${history.from} to ${history.to})`;
    });
  });
}

const config = loadConfig();
const connection = config.DATABASE_URL
  ? connectPostgres(config.DATABASE_URL, 1)
  : await connectEmbedded({ dataDir: join(config.DATA_DIR, 'postgres') });
const database = await openDatabase(connection, {
  ...analyticsSubgraph.database,
  entities: [...analyticsSubgraph.database.entities, ...KIT_ENTITIES],
});
try {
  const stores: StoreRow[] = await database.system((manager) =>
    manager.query(`SELECT id, tenant_id, timezone FROM analytics.stores ORDER BY tenant_id, id`),
  );
  console.log(
    stores.length === 0
      ? 'No stores with sales yet: start the platform once to record the demo history.'
      : `Daily Holt-Winters (weekly season), ${HORIZON} days ahead, rolling origin every ${STRIDE} days`,
  );
  for (const store of stores) for (const line of await backtestStore(database, store)) console.log(line);
} finally {
  await database.close();
  await connection.close();
}
