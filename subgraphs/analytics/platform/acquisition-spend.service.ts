import type { EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, validateIdempotencyKey } from '../../../common/database/idempotency.ts';
import { badUserInput } from '../../../common/graphql/errors.ts';
import { UserErrorRejection, userError, type UserError } from '../../../common/graphql/user-error.ts';
import { isCurrencyCode, isMinorUnitAmount } from '../../../common/money/money.ts';
import { monthStart } from '../../../common/time/utc-month.ts';
import { AcquisitionSpendEntity, type AcquisitionSpend } from './acquisition-spend.entity.ts';

export interface RecordAcquisitionSpendInput {
  month: string;
  currency: string;
  amount: number;
  idempotencyKey?: string | null;
}

export interface AcquisitionSpendPayload {
  acquisitionSpend: AcquisitionSpend | null;
  errors: UserError[];
}

/** Everything recorded for one month in one currency, added up. */
export interface SpendTotal {
  month: string;
  currency: string;
  amount: number;
}

export interface MonthRange {
  from: string;
  to: string;
}

const MAX_RANGE_MONTHS = 36;

const TOTAL_TOO_LARGE = userError(
  'INVALID_AMOUNT',
  "The month's spend in this currency would be more than an amount can carry",
  ['amount'],
);

function inputErrors(input: RecordAcquisitionSpendInput): UserError[] {
  return [
    ...(monthStart(input.month) ? [] : [userError('INVALID_MONTH', 'The month must be YYYY-MM', ['month'])]),
    ...(isCurrencyCode(input.currency.toUpperCase())
      ? []
      : [userError('INVALID_CURRENCY', `${input.currency} is not an ISO-4217 currency code`, ['currency'])]),
    ...(isMinorUnitAmount(input.amount) && input.amount >= 0
      ? []
      : [userError('INVALID_AMOUNT', 'The amount is a whole number of minor units, not negative', ['amount'])]),
    ...(input.idempotencyKey == null ? [] : validateIdempotencyKey(input.idempotencyKey)),
  ];
}

/**
 * Adds an amount to a month's acquisition spend. With an idempotency key, a repeat of the same
 * request answers the first record and adds nothing; the key with another request is refused.
 * Refuses (UserErrorRejection, rolling the record back) an amount that would take the month's
 * total past what an amount carries.
 */
export async function recordAcquisitionSpend(
  manager: EntityManager,
  input: RecordAcquisitionSpendInput,
): Promise<AcquisitionSpendPayload> {
  const errors = inputErrors(input);
  if (errors.length > 0) return { acquisitionSpend: null, errors };
  const repository = manager.getRepository(AcquisitionSpendEntity);
  const request = { month: input.month, currency: input.currency.toUpperCase(), amount: input.amount };
  const key = input.idempotencyKey ?? null;
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO ${repository.metadata.tablePath} (month, currency, amount, idempotency_key)
     VALUES ($1, $2, $3, $4) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [request.month, request.currency, request.amount, key],
  );
  if (inserted[0]) {
    const [total] = await spendOfMonths(manager, [request]);
    if (!isMinorUnitAmount(total!)) throw new UserErrorRejection([TOTAL_TOO_LARGE]);
  }
  const recorded = inserted[0]
    ? await repository.findOneByOrFail({ id: inserted[0].id })
    : await repository.findOneByOrFail({ idempotencyKey: key! });
  const sameRequest =
    recorded.month === request.month && recorded.currency === request.currency && recorded.amount === request.amount;
  return sameRequest
    ? { acquisitionSpend: recorded, errors: [] }
    : { acquisitionSpend: null, errors: [IDEMPOTENCY_KEY_REUSED] };
}

/** The months from `from` to `to`, both included, at most three years; BAD_USER_INPUT otherwise. */
function checkMonthRange({ from, to }: MonthRange): void {
  const [start, end] = [monthStart(from), monthStart(to)];
  if (!start) throw badUserInput('The range starts at a month, YYYY-MM', 'range.from');
  if (!end) throw badUserInput('The range ends at a month, YYYY-MM', 'range.to');
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth() + 1;
  if (months < 1) throw badUserInput('The range must end at or after the month it starts', 'range');
  if (months > MAX_RANGE_MONTHS) throw badUserInput('A range covers at most three years', 'range');
}

const totalsQuery = (where: string) =>
  `SELECT month, currency, sum(amount)::bigint AS amount FROM analytics.acquisition_spend
    WHERE ${where} GROUP BY month, currency ORDER BY month, currency`;

const totalsOf = (rows: { month: string; currency: string; amount: string }[]): SpendTotal[] =>
  rows.map((row) => ({ month: row.month, currency: row.currency, amount: Number(row.amount) }));

/** Each month's spend in the range, per currency, months without any left out. */
export async function spendOfRange(manager: EntityManager, range: MonthRange): Promise<SpendTotal[]> {
  checkMonthRange(range);
  return totalsOf(await manager.query(totalsQuery('month BETWEEN $1 AND $2'), [range.from, range.to]));
}

/** The spend of these months and currencies, null where none was recorded. */
export async function spendOfMonths(
  manager: EntityManager,
  keys: readonly { month: string; currency: string }[],
): Promise<(number | null)[]> {
  const months = [...new Set(keys.map((key) => key.month))];
  const totals = totalsOf(await manager.query(totalsQuery('month = ANY($1)'), [months]));
  return keys.map(
    (key) => totals.find((total) => total.month === key.month && total.currency === key.currency)?.amount ?? null,
  );
}
