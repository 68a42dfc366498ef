import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { isPlatformFault } from '../graphql/errors.ts';

/** Names the request's span after the operation (`query Stores`) and marks it failed on internal faults. */
export function createTracingPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return {};
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          span.updateName(operationName ? `${operation.operation} ${operationName}` : operation.operation);
          span.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
        async didEncounterErrors({ errors }) {
          const internal = errors.find(isPlatformFault);
          // The code, not the message: a fault's message is for the logs, next to its request id.
          if (internal)
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(internal.extensions?.code ?? 'INTERNAL') });
        },
      };
    },
  };
}
