import { GraphQLError } from 'graphql';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { ConfigError, type Config } from '../../common/config.ts';
import type { ServiceMetrics } from '../../common/http/metrics.ts';
import {
  DOCUMENT_ID,
  ManifestError,
  loadDocumentManifest,
  sha256Hex,
  type DocumentManifest,
} from './document-manifest.ts';

export type TrustedDocumentsMode = Config['TRUSTED_DOCUMENTS'];

/** What a client sends, over HTTP (a POST body, a GET's parameters) or in a graphql-ws `subscribe`. */
export interface GraphQLRequestBody {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

/** A request once its document id is resolved: `query` holds the text, unless the cache must find it. */
export type ResolvedRequest<T extends GraphQLRequestBody> = Omit<T, 'query' | 'documentId'> & { query?: unknown };

export interface TrustedDocumentsOptions {
  mode: TrustedDocumentsMode;
  /** The client SDK's manifest; may be missing when the mode is `off`. */
  manifest: DocumentManifest | undefined;
  logger: Logger;
  metrics: ServiceMetrics;
}

export interface TrustedDocuments {
  readonly mode: TrustedDocumentsMode;
  /**
   * The request with the text of a document sent by id (`documentId`, or a persisted query hash the
   * manifest knows) as its `query`; an error when the id or hash cannot be used.
   */
  resolve<T extends GraphQLRequestBody>(body: T): ResolvedRequest<T> | GraphQLError;
  /**
   * Why this operation may not run (in `enforce` mode, when it is not a manifest document), or
   * undefined. In `allow` mode an operation outside the manifest runs, and is logged once.
   */
  refusal(source: string, operationName?: string | null, sourceHash?: string): GraphQLError | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Verdicts kept per distinct text, so a document is parsed and compared once, not per request. */
const MAX_REMEMBERED_VERDICTS = 1000;

export const persistedQueryNotAllowed = () =>
  new GraphQLError(
    'Only the operations of the client SDK run here: send one of its documents, by documentId or in full',
    { extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED', http: { status: 400 } } },
  );

const unknownDocument = () =>
  new GraphQLError('No trusted document has this documentId', {
    extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
  });

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The manifest the configuration names; missing is fatal unless the mode is `off`. */
export function loadConfiguredManifest(config: Config, logger: Logger): DocumentManifest | undefined {
  const path = config.TRUSTED_DOCUMENTS_PATH;
  if (config.TRUSTED_DOCUMENTS === 'off' && !existsSync(path)) {
    logger.warn({ path }, 'no trusted documents manifest: requests by documentId will not be understood');
    return undefined;
  }
  try {
    return loadDocumentManifest(path);
  } catch (error) {
    if (error instanceof ManifestError) throw new ConfigError([`TRUSTED_DOCUMENTS_PATH: ${error.message}`]);
    throw error;
  }
}

/**
 * Trusted documents: operations sent by their id in the client SDK's manifest, and, by mode, which
 * operations may run. The same policy serves HTTP and WebSocket.
 */
export function createTrustedDocuments({ mode, manifest, logger, metrics }: TrustedDocumentsOptions): TrustedDocuments {
  if (mode !== 'off' && !manifest) throw new Error(`TRUSTED_DOCUMENTS=${mode} needs a manifest`);
  const verdicts = new Map<string, boolean>();
  const untrusted = new Counter({
    name: 'graphql_untrusted_operations_total',
    help: 'Operations outside the trusted documents manifest, by whether they ran (allow) or were refused (enforce)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });

  function isTrusted(source: string, operationName: string | null | undefined, sourceHash: string): boolean {
    const known = verdicts.get(sourceHash);
    if (known !== undefined) return known;
    const trusted = manifest!.idOf(source) !== undefined;
    if (verdicts.size >= MAX_REMEMBERED_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(sourceHash, trusted);
    if (!trusted && mode === 'allow') {
      logger.info({ operationName, documentHash: sourceHash }, 'an operation outside the trusted documents ran');
    }
    return trusted;
  }

  return {
    mode,

    resolve(body) {
      const { documentId, extensions } = body;
      const query = typeof body.query === 'string' && body.query !== '' ? body.query : undefined;
      if (documentId !== undefined && documentId !== null) {
        if (typeof documentId !== 'string' || !DOCUMENT_ID.test(documentId)) {
          return badRequest('A documentId is "sha256:" and the SHA-256 of the document in lowercase hex');
        }
        if (query !== undefined) return badRequest('Send a documentId or a query, not both');
        const text = manifest?.textOf(documentId);
        if (text === undefined) return unknownDocument();
        const { documentId: _sent, ...rest } = body;
        return { ...rest, query: text } as ResolvedRequest<typeof body>;
      }
      const persisted = isObject(extensions) ? extensions.persistedQuery : undefined;
      if (persisted === undefined || persisted === null) return body;
      if (!isObject(persisted) || persisted.version !== 1) {
        return badRequest('extensions.persistedQuery is { "version": 1, "sha256Hash": "<hex>" }');
      }
      const hash = persisted.sha256Hash;
      if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) {
        return badRequest('extensions.persistedQuery.sha256Hash is the SHA-256 of the query in lowercase hex');
      }
      if (query !== undefined) {
        return sha256Hex(query) === hash
          ? body
          : badRequest('extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it');
      }
      const { query: _empty, ...withoutQuery } = body;
      const text = manifest?.textOf(`sha256:${hash}`);
      // Not a manifest document: the automatic persisted queries cache may have it.
      if (text === undefined) return withoutQuery as ResolvedRequest<typeof body>;
      const { persistedQuery: _hash, ...otherExtensions } = extensions as Record<string, unknown>;
      return { ...withoutQuery, query: text, extensions: otherExtensions } as ResolvedRequest<typeof body>;
    },

    refusal(source, operationName, sourceHash = sha256Hex(source)) {
      if (mode === 'off' || isTrusted(source, operationName, sourceHash)) return undefined;
      untrusted.inc({ outcome: mode === 'enforce' ? 'refused' : 'allowed' });
      return mode === 'enforce' ? persistedQueryNotAllowed() : undefined;
    },
  };
}
