import { isUuid } from '../../../common/database/uuid.ts';
import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { daysIn } from '../kpi-range.ts';
import { TOP_PRODUCTS } from '../kpi.service.ts';
import { MAX_HOURLY_DAYS, type Granularity, type KpiMetric } from '../timeseries.service.ts';
import { parseRangeSpec, type RangeSpec, type RangeSpecInput } from './range-spec.ts';

export type WidgetKind = 'KPI_TILE' | 'TIMESERIES' | 'TABLE' | 'TOP_PRODUCTS' | 'COHORT_HEATMAP';

/** A widget as a dashboard stores it. */
export interface WidgetSpec {
  kind: WidgetKind;
  title: string | null;
  range: RangeSpec;
  storeId: string | null;
  metrics: KpiMetric[];
  granularity: Granularity | null;
  limit: number | null;
}

export interface WidgetInput {
  kind: WidgetKind;
  title?: string | null;
  range: RangeSpecInput;
  storeId?: string | null;
  metrics?: KpiMetric[] | null;
  granularity?: Granularity | null;
  limit?: number | null;
}

export const MAX_WIDGETS = 24;
export const MAX_TITLE_LENGTH = 100;
export const MAX_TABLE_METRICS = 6;

/** How many metrics each kind takes, and whether it needs a granularity. */
const SHAPE: Record<WidgetKind, { metrics: [number, number]; granularity: boolean }> = {
  KPI_TILE: { metrics: [1, 1], granularity: false },
  TIMESERIES: { metrics: [1, 1], granularity: true },
  TABLE: { metrics: [1, MAX_TABLE_METRICS], granularity: true },
  TOP_PRODUCTS: { metrics: [0, 0], granularity: false },
  COHORT_HEATMAP: { metrics: [0, 0], granularity: false },
};

/** The metrics, granularity and range a report or table shares with a widget: the checks they share. */
export function checkSeriesShape(
  metrics: KpiMetric[],
  granularity: Granularity | null,
  range: RangeSpec,
  bounds: { metrics: [number, number]; granularity: boolean },
  field: string[],
): UserError[] {
  const errors: UserError[] = [];
  const [least, most] = bounds.metrics;
  if (metrics.length < least || metrics.length > most) {
    const wanted = least === most ? `${least}` : `${least} to ${most}`;
    errors.push(userError('INVALID_METRICS', `Give ${wanted} metric(s)`, [...field, 'metrics']));
  } else if (new Set(metrics).size !== metrics.length) {
    errors.push(userError('INVALID_METRICS', 'A metric is given twice', [...field, 'metrics']));
  }
  if (bounds.granularity && !granularity) {
    errors.push(userError('INVALID_GRANULARITY', 'A granularity is needed', [...field, 'granularity']));
  }
  const days = 'from' in range ? daysIn(range) : range.days;
  if (granularity === 'HOUR' && days > MAX_HOURLY_DAYS) {
    errors.push(
      userError('INVALID_RANGE', `An hourly series covers at most ${MAX_HOURLY_DAYS} days`, [...field, 'range']),
    );
  }
  return errors;
}

export const checkStoreId = (storeId: string | null | undefined, field: string[]): UserError[] =>
  storeId != null && !isUuid(storeId)
    ? [userError('INVALID_STORE', 'storeId is not an id', [...field, 'storeId'])]
    : [];

export const checkTitle = (title: string, field: string[], required: boolean): UserError[] =>
  (required && !title) || title.length > MAX_TITLE_LENGTH
    ? [userError('INVALID_NAME', `Give 1 to ${MAX_TITLE_LENGTH} characters`, field)]
    : [];

function parseWidget(input: WidgetInput, field: string[]): WidgetSpec | UserError[] {
  const range = parseRangeSpec(input.range, [...field, 'range']);
  if (Array.isArray(range)) return range;
  const title = input.title?.trim() || null;
  const metrics = input.metrics ?? [];
  const shape = SHAPE[input.kind];
  const errors = [
    ...checkTitle(title ?? '', [...field, 'title'], false),
    ...checkStoreId(input.storeId, field),
    ...checkSeriesShape(metrics, shape.granularity ? (input.granularity ?? null) : null, range, shape, field),
  ];
  const limit = input.kind === 'TOP_PRODUCTS' ? (input.limit ?? TOP_PRODUCTS) : null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > TOP_PRODUCTS)) {
    errors.push(userError('INVALID_LIMIT', `limit must be 1 to ${TOP_PRODUCTS}`, [...field, 'limit']));
  }
  if (errors.length > 0) return errors;
  return {
    kind: input.kind,
    title,
    range,
    storeId: input.storeId ?? null,
    metrics,
    granularity: shape.granularity ? input.granularity! : null,
    limit,
  };
}

/** The widgets as stored, and every UserError of every widget (field `widgets.<index>....`). */
export function parseWidgets(inputs: WidgetInput[]): { widgets: WidgetSpec[]; errors: UserError[] } {
  if (inputs.length > MAX_WIDGETS) {
    return {
      widgets: [],
      errors: [userError('TOO_MANY_WIDGETS', `A dashboard has at most ${MAX_WIDGETS} widgets`, ['widgets'])],
    };
  }
  const parsed = inputs.map((input, index) => parseWidget(input, ['widgets', String(index)]));
  return {
    widgets: parsed.filter((widget): widget is WidgetSpec => !Array.isArray(widget)),
    errors: parsed.flatMap((widget) => (Array.isArray(widget) ? widget : [])),
  };
}
