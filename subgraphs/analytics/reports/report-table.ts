import type { EntityManager } from 'typeorm';
import type { DateRange } from '../kpi-range.ts';
import { StoreProfileEntity, type StoreProfile } from '../store-profile.entity.ts';
import { timeseries, type Granularity, type KpiMetric, type TimeseriesPoint } from '../timeseries.service.ts';

export interface ReportRow {
  /** The period's first local date, or date and hour. */
  period: string;
  start: Date;
  storeId: string;
  currency: string;
  /** One per metric: a count, or an amount in the currency's minor unit. */
  values: number[];
}

export interface ReportTable {
  timeZone: string;
  range: DateRange;
  metrics: KpiMetric[];
  granularity: Granularity;
  rows: ReportRow[];
}

export interface ReportTableRequest {
  metrics: KpiMetric[];
  granularity: Granularity;
  range: DateRange;
  storeId: string | null;
  timeZone: string;
}

/** The stores a table covers, or null for a store analytics never heard of (another tenant's, too). */
async function storesOf(manager: EntityManager, storeId: string | null): Promise<StoreProfile[] | null> {
  const repository = manager.getRepository(StoreProfileEntity);
  if (!storeId) return repository.find({ order: { id: 'ASC' } });
  const store = await repository.findOneBy({ id: storeId });
  return store ? [store] : null;
}

/**
 * One row per period and store, each in the store's currency (a store sells in one), from the
 * timeseries of each metric at that store: every period present, zero when nothing sold.
 */
export async function reportTable(manager: EntityManager, request: ReportTableRequest): Promise<ReportTable | null> {
  const stores = await storesOf(manager, request.storeId);
  if (!stores) return null;
  const { timeZone } = request;
  const rows: ReportRow[] = [];
  for (const store of stores) {
    const series: TimeseriesPoint[][] = [];
    for (const metric of request.metrics) {
      series.push(
        await timeseries(manager, {
          metric,
          granularity: request.granularity,
          range: request.range,
          storeId: store.id,
          timeZone,
        }),
      );
    }
    series[0]!.forEach((point, index) =>
      rows.push({
        period: point.label,
        start: point.start,
        storeId: store.id,
        currency: store.currency,
        values: series.map((points) => {
          const at = points[index]!;
          return at.count ?? at.amounts.find((amount) => amount.currency === store.currency)?.amount ?? 0;
        }),
      }),
    );
  }
  rows.sort((a, b) => a.start.getTime() - b.start.getTime() || a.storeId.localeCompare(b.storeId));
  return { timeZone, range: request.range, metrics: request.metrics, granularity: request.granularity, rows };
}
