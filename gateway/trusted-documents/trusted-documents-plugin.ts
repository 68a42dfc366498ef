import type { ApolloServerPlugin } from '@apollo/server';
import type { TrustedDocuments } from './trusted-documents.ts';

/**
 * Applies the trusted documents policy to operations whose text came from the persisted queries
 * cache, which gateways of another mode may share (texts sent in the request were checked before
 * parsing by the persisted document middleware).
 */
export function createTrustedDocumentsPlugin(documents: TrustedDocuments): ApolloServerPlugin {
  return {
    async requestDidStart() {
      if (documents.mode === 'off') return;
      return {
        // Thrown from an earlier hook an error is a 500: Apollo Server answers this one's as sent.
        async didResolveOperation({ source, queryHash, request, metrics }) {
          if (!metrics.persistedQueryHit) return;
          const refusal = documents.refusal(source, request.operationName, queryHash);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
