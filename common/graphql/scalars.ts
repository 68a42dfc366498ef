import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** ISO-8601 date-time in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-01-31T09:30:00.000Z',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    return parseDateTime(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { nodes: [ast] });
    return parseDateTime(ast.value);
  },
});

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new GraphQLError('DateTime must be an ISO-8601 string with a time zone', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new GraphQLError('DateTime is not a valid date', { extensions: { code: 'BAD_USER_INPUT' } });
  return date;
}

/**
 * An amount in a currency's minor unit. A whole number like Int, but not held to 32 bits: a chain's
 * revenue over a year, in won or yen, passes 2^31. JSON carries it exactly up to 2^53 − 1.
 */
export const MinorUnitsScalar = new GraphQLScalarType<number, number>({
  name: 'MinorUnits',
  description: "A whole amount in the currency's minor unit, between -(2^53 - 1) and 2^53 - 1",
  serialize(value) {
    const amount = typeof value === 'bigint' ? Number(value) : value;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
      throw new GraphQLError(`MinorUnits cannot represent ${String(value)}`);
    }
    return amount;
  },
  parseValue(value) {
    return parseMinorUnits(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('MinorUnits must be a whole number', { nodes: [ast] });
    return parseMinorUnits(Number(ast.value));
  },
});

function parseMinorUnits(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new GraphQLError('MinorUnits must be a whole number between -(2^53 - 1) and 2^53 - 1', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}
