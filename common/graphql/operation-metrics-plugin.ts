import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { isPlatformFault } from './errors.ts';
import type { ServiceMetrics } from '../http/metrics.ts';

/** Counts and times operations by name and outcome, and logs internal faults with their request id. */
export function createOperationMetricsPlugin(metrics: ServiceMetrics, logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stopTimer = metrics.graphqlRequestDuration.startTimer();
      let outcome = 'success';
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const internal = errors.filter(isPlatformFault);
          outcome = internal.length > 0 ? 'error' : 'client_error';
          const requestId = (contextValue as { requestId?: string }).requestId;
          for (const error of internal) logger.error({ err: error.originalError ?? error, requestId }, 'graphql error');
        },
        async willSendResponse({ operationName }) {
          const labels = { operation: metrics.operationLabel(operationName), outcome };
          metrics.graphqlOperations.inc(labels);
          stopTimer(labels);
        },
      };
    },
  };
}
