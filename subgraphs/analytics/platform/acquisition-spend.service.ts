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

export interface CorrectAcquisitionSpendInput {
  month: string;
  currency: string;
  /** The month's right total in the currency. */
  amount: number;
  reason: string;
  idempotencyKey?: string | null;
}

export const MAX_REASON_LENGTH = 500;

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

/** Entries of one month and currency are added one at a time: a correction is computed from the total it sees. */
const lockMonth = (manager: EntityManager, month: string, currency: string) =>
  manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('acquisition-spend:' || $1 || ':' || $2, 0))`, [
    month,
    currency,
  ]);

type Entry = Pick<AcquisitionSpend, 'month' | 'currency' | 'amount' | 'reason' | 'correctedTotal'>;

/**
 * Adds an entry to a month's spend. With an idempotency key, a repeat of the same request answers
 * the first entry and adds nothing; the key with another request is refused. Refuses
 * (UserErrorRejection, rolling the entry back) one that would take the month's total past what an
 * amount carries.
 */
async function addEntry(
  manager: EntityManager,
  key: string | null,
  entryOf: (total: number) => Entry,
  isRepeat: (recorded: AcquisitionSpend) => boolean,
  { month, currency }: { month: string; currency: string },
): Promise<AcquisitionSpendPayload> {
  const repository = manager.getRepository(AcquisitionSpendEntity);
  const earlier = key === null ? null : await repository.findOneBy({ idempotencyKey: key });
  if (earlier) {
    return isRepeat(earlier)
      ? { acquisitionSpend: earlier, errors: [] }
      : { acquisitionSpend: null, errors: [IDEMPOTENCY_KEY_REUSED] };
  }
  await lockMonth(manager, month, currency);
  const [before] = await spendOfMonths(manager, [{ month, currency }]);
  const entry = entryOf(before ?? 0);
  if (!isMinorUnitAmount((before ?? 0) + entry.amount)) throw new UserErrorRejection([TOTAL_TOO_LARGE]);
  const [inserted]: { id: string }[] = await manager.query(
    `INSERT INTO ${repository.metadata.tablePath} (month, currency, amount, reason, corrected_total, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [entry.month, entry.currency, entry.amount, entry.reason, entry.correctedTotal, key],
  );
  // A request with the same key that committed meanwhile: the one that arrived first stands.
  if (!inserted) return addEntry(manager, key, entryOf, isRepeat, { month, currency });
  return { acquisitionSpend: await repository.findOneByOrFail({ id: inserted.id }), errors: [] };
}

/** Adds an amount to a month's acquisition spend. */
export async function recordAcquisitionSpend(
  manager: EntityManager,
  input: RecordAcquisitionSpendInput,
): Promise<AcquisitionSpendPayload> {
  const errors = inputErrors(input);
  if (errors.length > 0) return { acquisitionSpend: null, errors };
  const request = { month: input.month, currency: input.currency.toUpperCase() };
  return addEntry(
    manager,
    input.idempotencyKey ?? null,
    () => ({ ...request, amount: input.amount, reason: null, correctedTotal: null }),
    (recorded) =>
      recorded.reason === null &&
      recorded.month === request.month &&
      recorded.currency === request.currency &&
      recorded.amount === input.amount,
    request,
  );
}

/**
 * Sets a month's spend in a currency to its right total: an entry of the difference, with the
 * reason, beside what was recorded (which stays as it was).
 */
export async function correctAcquisitionSpend(
  manager: EntityManager,
  input: CorrectAcquisitionSpendInput,
): Promise<AcquisitionSpendPayload> {
  const reason = input.reason.trim();
  const errors = [
    ...inputErrors(input),
    ...(reason.length > 0 && reason.length <= MAX_REASON_LENGTH
      ? []
      : [userError('INVALID_REASON', `Say why, in 1 to ${MAX_REASON_LENGTH} characters`, ['reason'])]),
  ];
  if (errors.length > 0) return { acquisitionSpend: null, errors };
  const request = { month: input.month, currency: input.currency.toUpperCase() };
  return addEntry(
    manager,
    input.idempotencyKey ?? null,
    (total) => ({ ...request, amount: input.amount - total, reason, correctedTotal: input.amount }),
    (recorded) =>
      recorded.reason === reason &&
      recorded.month === request.month &&
      recorded.currency === request.currency &&
      recorded.correctedTotal === input.amount,
    request,
  );
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
