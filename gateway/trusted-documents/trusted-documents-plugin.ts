import type { ApolloServerPlugin } from '@apollo/server';
import type { TrustedDocuments } from './trusted-documents.ts';

/**
 * Applies the trusted documents policy to every operation's text, wherever it came from (sent in
 * full, by documentId, or from the persisted queries cache). It refuses before parsing and
 * validation, so a refused operation learns nothing of the schema, and before a refused text could
 * be registered as a persisted query.
 */
export function createTrustedDocumentsPlugin(documents: TrustedDocuments): ApolloServerPlugin {
  return {
    async requestDidStart() {
      if (documents.mode === 'off') return;
      return {
        async didResolveSource({ source, queryHash, request }) {
          const refusal = documents.refusal(source, request.operationName, queryHash);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
