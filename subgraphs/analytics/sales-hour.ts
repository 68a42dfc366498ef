export const HOUR_MS = 3_600_000;

/** The UTC hour an instant falls in: the bucket its sale is rolled up into. */
export const hourOf = (instant: Date): Date => new Date(Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS);

/** The first whole UTC hour at or after the instant. */
export const hourAtOrAfter = (instant: Date): Date => new Date(Math.ceil(instant.getTime() / HOUR_MS) * HOUR_MS);

export const addHours = (instant: Date, hours: number): Date => new Date(instant.getTime() + hours * HOUR_MS);

/** SQL for "this order fact (alias) is a sale": placed, paid or completed, not cancelled. */
export const isSale = (alias: string) =>
  `(${alias}.placed_at IS NOT NULL AND ${alias}.cancelled_at IS NULL AND (${alias}.completed_at IS NOT NULL OR ${alias}.paid_at IS NOT NULL))`;
