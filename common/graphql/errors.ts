import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Codes a client may see and act on; anything else is an internal fault and is masked. */
export const CLIENT_ERROR_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
]);

/** Codes shown to the client so it can retry, though the platform, not the request, failed. */
const PLATFORM_FAULT_CODES = new Set(['SERVICE_UNAVAILABLE']);

/** Whether an error is the platform's fault, to be logged and counted as such, not the caller's. */
export const isPlatformFault = (error: { extensions?: Record<string, unknown> }): boolean => {
  const code = String(error.extensions?.code);
  return !CLIENT_ERROR_CODES.has(code) || PLATFORM_FAULT_CODES.has(code);
};

/** What a client error may carry; the rest (stack traces, a subgraph's raw response) stays inside. */
const CLIENT_EXTENSION_KEYS = new Set(['code', 'field', 'limit', 'used', 'retryAfter', 'requestId']);

export const unauthenticated = (message = 'Authentication required') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });

export const forbidden = (message = 'Not allowed') => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/** What was asked for does not exist, or is not the caller's to see: the two look the same. */
export const notFound = (message: string) => new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });

/** A tier limit is reached: says the limit and the current use. */
export const quotaExceeded = (message: string, limit: number, used: number) =>
  new GraphQLError(message, { extensions: { code: 'QUOTA_EXCEEDED', limit, used } });

export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds } });

/**
 * A service behind the request went away; the same request may succeed when sent again (after
 * `retryAfter` seconds, when known). The cause stays inside, for the logs.
 */
export const serviceUnavailable = (
  message: string,
  { retryAfter, cause }: { retryAfter?: number; cause?: unknown } = {},
) =>
  new GraphQLError(message, {
    extensions: { code: 'SERVICE_UNAVAILABLE', ...(retryAfter === undefined ? {} : { retryAfter }) },
    ...(cause instanceof Error ? { originalError: cause } : {}),
  });

export const badUserInput = (message: string, field?: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });

/** PostgreSQL's "invalid text representation": a value, such as an id that is no UUID, of the wrong form. */
const INVALID_TEXT_REPRESENTATION = '22P02';

/**
 * A query that PostgreSQL refused for the form of a value the client sent (an id that is not a
 * UUID, say) is the client's mistake, not a fault: BAD_USER_INPUT. Anything else is rethrown.
 */
export function refuseMalformedInput(error: unknown): never {
  const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code;
  if (code === INVALID_TEXT_REPRESENTATION) throw badUserInput('A value is not of the expected form (ids are UUIDs)');
  throw error;
}

/** graphql-js ends some messages with names from the schema close to the one asked for. */
const SUGGESTION = /\s*Did you mean .*\?$/s;

/**
 * Keeps client errors as they are and replaces anything else with a generic message that carries
 * the request id, so the full error can be found in the logs and nothing internal leaks. Outside
 * development, messages do not suggest field, type or argument names ("Did you mean …?").
 */
export function maskError(
  formatted: GraphQLFormattedError,
  requestId: string | undefined,
  exposeInternals: boolean,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    const extensions = Object.fromEntries(
      Object.entries(formatted.extensions ?? {}).filter(([key]) => CLIENT_EXTENSION_KEYS.has(key)),
    );
    const message = exposeInternals ? formatted.message : formatted.message.replace(SUGGESTION, '');
    return { ...formatted, message, extensions };
  }
  if (exposeInternals) return formatted;
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
  };
}
