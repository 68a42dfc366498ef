import type { EntityManager } from 'typeorm';
import type { CountFigure, MoneyFigure } from '../kpi-figures.ts';
import { kpis, timeZoneFor, type KpiSnapshot } from '../kpi.service.ts';
import { reportTable } from '../reports/report-table.ts';
import { timeseries, type KpiMetric } from '../timeseries.service.ts';
import { cohortHeatmap } from './cohort-heatmap.ts';
import { resolveRange } from './range-spec.ts';
import type { WidgetSpec } from './widget-spec.ts';

const COUNT_FIGURE: Partial<Record<KpiMetric, (snapshot: KpiSnapshot) => CountFigure>> = {
  ORDERS: (snapshot) => snapshot.orders,
  ITEMS: (snapshot) => snapshot.items,
  CUSTOMERS: (snapshot) => snapshot.activeCustomers,
  NEW_CUSTOMERS: (snapshot) => snapshot.newCustomers,
};
const MONEY_FIGURES: Partial<Record<KpiMetric, (snapshot: KpiSnapshot) => MoneyFigure[]>> = {
  REVENUE: (snapshot) => snapshot.revenue,
  AVERAGE_ORDER_VALUE: (snapshot) => snapshot.averageOrderValue,
};

/** A widget's figures over its range at `now`, tagged with the GraphQL type of its kind; null for an unknown store. */
export async function widgetData(manager: EntityManager, tenantId: string, widget: WidgetSpec, now: Date) {
  const timeZone = await timeZoneFor(manager, widget.storeId, null);
  if (!timeZone) return null;
  const range = resolveRange(widget.range, timeZone, now);
  const storeId = widget.storeId;
  switch (widget.kind) {
    case 'KPI_TILE': {
      const snapshot = (await kpis(manager, tenantId, { range, storeId }))!;
      const metric = widget.metrics[0]!;
      return {
        __typename: 'KpiTileData' as const,
        metric,
        range: snapshot.range,
        comparedTo: snapshot.comparedTo,
        count: COUNT_FIGURE[metric]?.(snapshot) ?? null,
        amounts: MONEY_FIGURES[metric]?.(snapshot) ?? [],
      };
    }
    case 'TIMESERIES': {
      const [metric, granularity] = [widget.metrics[0]!, widget.granularity!];
      const points = await timeseries(manager, { metric, granularity, range, storeId });
      return { __typename: 'TimeseriesData' as const, metric, granularity, range, points };
    }
    case 'TABLE': {
      const table = await reportTable(manager, {
        metrics: widget.metrics,
        granularity: widget.granularity!,
        range,
        storeId,
        timeZone,
      });
      return table && { __typename: 'ReportTable' as const, ...table };
    }
    case 'TOP_PRODUCTS': {
      const snapshot = (await kpis(manager, tenantId, { range, storeId }))!;
      return { __typename: 'TopProductsData' as const, range, products: snapshot.topProducts.slice(0, widget.limit!) };
    }
    case 'COHORT_HEATMAP':
      return { __typename: 'CohortHeatmapData' as const, ...(await cohortHeatmap(manager, storeId, range, timeZone)) };
  }
}
