import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { serviceUnavailable } from '../../common/graphql/errors.ts';
import { BufferedResponse } from './buffered-response.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';

export type Fetcher = RemoteGraphQLDataSource['fetcher'];

export interface FetchGuardOptions {
  /** The whole exchange, response body included, must end within this. */
  timeoutMs: number;
  breaker: CircuitBreaker;
}

/**
 * A subgraph fetch with a deadline, behind the subgraph's circuit breaker. A call that times out,
 * cannot connect or gets a 5xx counts as a failure; one the breaker refuses is not sent at all.
 * Either way the client gets SERVICE_UNAVAILABLE for the fields that subgraph owed.
 */
export function guardFetcher(fetcher: Fetcher, { timeoutMs, breaker }: FetchGuardOptions): Fetcher {
  return async (url, init) => {
    const permit = breaker.tryAcquire();
    if (!permit) {
      const retryAfter = Math.max(1, Math.ceil(breaker.retryInMs() / 1000));
      throw serviceUnavailable(`A service this request needs is unavailable: try again in ${retryAfter} s`, {
        retryAfter,
      });
    }
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetcher(url, {
        ...init,
        signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline,
      });
      // Read here, so that a subgraph that stalls mid-body is held to the same deadline.
      const body = await response.text();
      if (response.status >= 500) permit.failed();
      else permit.succeeded();
      return new BufferedResponse(body, response.status, response.statusText, response.headers, response.url);
    } catch (error) {
      permit.failed();
      throw deadline.aborted
        ? serviceUnavailable(`A service this request needs did not answer within ${timeoutMs} ms: try again`, {
            cause: error,
          })
        : serviceUnavailable('A service this request needs could not be reached: try again', { cause: error });
    }
  };
}
