import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { CLIENT_ERROR_CODES, maskError } from '../../common/graphql/errors.ts';

/**
 * Anything a subscription can fail with, as a GraphQLError: plain `Error`s from a failed fetch,
 * errors a subgraph sent over graphql-ws, or values that are not errors at all.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof Error) return new GraphQLError(error.message, { originalError: error });
  if (isFormattedError(error)) {
    return new GraphQLError(error.message, {
      ...(error.extensions ? { extensions: error.extensions } : {}),
      ...(error.path ? { path: error.path } : {}),
    });
  }
  return new GraphQLError('Unexpected error value');
}

/**
 * What the client sees of an error, as Apollo Server formats errors on the HTTP path: a code on
 * every error, no stack trace (a subgraph's included), and internal faults masked.
 */
export function formatSubscriptionError(
  error: unknown,
  requestId: string,
  exposeInternals: boolean,
): GraphQLFormattedError {
  const formatted = toGraphQLError(error).toJSON();
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
  return maskError(
    { ...formatted, extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } },
    requestId,
    exposeInternals,
  );
}

function isFormattedError(value: unknown): value is GraphQLFormattedError {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

export type SubscriptionErrorFormatter = (error: unknown, requestId: string) => GraphQLFormattedError;

/** Formats errors for clients and logs the internal faults among them with their request id. */
export function createSubscriptionErrorFormatter(logger: Logger, exposeInternals: boolean): SubscriptionErrorFormatter {
  return (error, requestId) => {
    const formatted = formatSubscriptionError(error, requestId, exposeInternals);
    if (!CLIENT_ERROR_CODES.has(String(formatted.extensions?.code))) {
      const graphQLError = toGraphQLError(error);
      logger.error({ err: graphQLError.originalError ?? graphQLError, requestId }, 'subscription error');
    }
    return formatted;
  };
}
