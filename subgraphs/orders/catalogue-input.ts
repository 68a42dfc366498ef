import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { isCurrencyCode, isMinorUnitAmount } from '../../common/money/money.ts';
import type { PriceList } from './product.entity.ts';

/** How large one product or modifier group may grow: generous for a menu, small enough to list. */
export const CATALOGUE_LIMITS = {
  name: 120,
  description: 2000,
  imageUrl: 2000,
  label: 40,
  labels: 20,
  variants: 20,
  options: 50,
  position: 100_000,
};

export type Path = (string | number)[];

const at = (path: Path): string[] => path.map(String);

/** A name of 1 to `max` characters once trimmed. */
export function validateName(name: string, path: Path, max = CATALOGUE_LIMITS.name): UserError[] {
  const trimmed = name.trim();
  return trimmed && trimmed.length <= max
    ? []
    : [userError('INVALID_NAME', `The name must be 1 to ${max} characters`, at(path))];
}

export function validatePosition(position: number | null | undefined, path: Path): UserError[] {
  if (position === null || position === undefined) return [];
  return Number.isInteger(position) && position >= 0 && position <= CATALOGUE_LIMITS.position
    ? []
    : [userError('INVALID_POSITION', `The position is 0 to ${CATALOGUE_LIMITS.position}`, at(path))];
}

/** Names that repeat, case and surrounding space aside: one error at each repeat. */
export function validateDistinctNames(names: string[], path: (index: number) => Path, what: string): UserError[] {
  const seen = new Set<string>();
  return names.flatMap((name, index) => {
    const key = name.trim().toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      return [];
    }
    return [userError('DUPLICATE_NAME', `Two ${what} are called ${name.trim()}`, at(path(index)))];
  });
}

/**
 * Amounts by currency: each an ISO-4217 code (any case) once, with a whole, non-negative amount in
 * its minor unit. `code` names what the amounts are (INVALID_PRICE, INVALID_PRICE_DELTA).
 */
export function validateMoneyList(
  amounts: { amount: number; currency: string }[],
  path: Path,
  code: string,
): UserError[] {
  const seen = new Set<string>();
  return amounts.flatMap(({ amount, currency }, index) => {
    const errors: UserError[] = [];
    const upper = currency.toUpperCase();
    if (!isCurrencyCode(upper)) {
      errors.push(
        userError('INVALID_CURRENCY', `${currency} is not an ISO-4217 currency code`, at([...path, index, 'currency'])),
      );
    } else if (seen.has(upper)) {
      errors.push(userError('DUPLICATE_CURRENCY', `${upper} is given twice`, at([...path, index, 'currency'])));
    }
    seen.add(upper);
    if (!isMinorUnitAmount(amount) || amount < 0) {
      errors.push(
        userError(
          code,
          'An amount is a whole, non-negative number of minor units (cents, pence, yen)',
          at([...path, index, 'amount']),
        ),
      );
    }
    return errors;
  });
}

export const toPriceList = (amounts: { amount: number; currency: string }[] | null | undefined): PriceList =>
  Object.fromEntries((amounts ?? []).map(({ amount, currency }) => [currency.toUpperCase(), amount]));

/** Tags or allergens: up to `labels` of them, each 1 to `label` characters. */
export function validateLabels(labels: string[] | null | undefined, field: string, code: string): UserError[] {
  if (!labels) return [];
  if (labels.length > CATALOGUE_LIMITS.labels) {
    return [userError(code, `At most ${CATALOGUE_LIMITS.labels} ${field}`, [field])];
  }
  return labels.flatMap((label, index) =>
    label.trim() && label.trim().length <= CATALOGUE_LIMITS.label
      ? []
      : [userError(code, `Each of the ${field} is 1 to ${CATALOGUE_LIMITS.label} characters`, [field, String(index)])],
  );
}

/** Trimmed, without repeats, in the order given. */
export const cleanLabels = (labels: string[] | null | undefined): string[] => [
  ...new Set((labels ?? []).map((label) => label.trim())),
];

export function validateOptionalText(
  value: string | null | undefined,
  field: string,
  max: number,
  code: string,
): UserError[] {
  if (value === null || value === undefined || value.length <= max) return [];
  return [userError(code, `At most ${max} characters`, [field])];
}

export function validateImageUrl(value: string | null | undefined): UserError[] {
  if (value === null || value === undefined || value.trim() === '') return [];
  const url = parseUrl(value.trim());
  return url && (url.protocol === 'https:' || url.protocol === 'http:') && value.length <= CATALOGUE_LIMITS.imageUrl
    ? []
    : [userError('INVALID_URL', 'The image URL must be an http(s) URL', ['imageUrl'])];
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export const optionalText = (value: string | null | undefined): string | null => value?.trim() || null;
