import type { RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import type { GraphQLRequestBody, TrustedDocuments } from './trusted-documents.ts';

/**
 * Puts the text of documents sent by id into HTTP requests before Apollo Server reads them (a POST
 * body or each operation of a batch, a GET's parameters), and refuses what the trusted documents
 * policy refuses before anything is parsed or validated, so a refused operation learns nothing of
 * the schema. Malformed input it cannot read is left for Apollo Server to refuse.
 */
export function createPersistedDocumentMiddleware(documents: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    const error = req.method === 'GET' ? resolveSearch(req, documents) : resolveBody(req, documents);
    if (!error) return next();
    res.status((error.extensions.http as { status: number }).status).json({
      errors: [{ message: error.message, extensions: { code: error.extensions.code } }],
    });
  };
}

function resolveBody(req: { body?: unknown }, documents: TrustedDocuments): GraphQLError | undefined {
  const batch = Array.isArray(req.body);
  const operations: unknown[] = batch ? (req.body as unknown[]) : [req.body];
  const resolved: unknown[] = [];
  for (const operation of operations) {
    if (typeof operation !== 'object' || operation === null) return undefined;
    const result = documents.resolve(operation as GraphQLRequestBody);
    if (result instanceof Error) return result;
    const refusal = refusalOf(result, documents);
    if (refusal) return refusal;
    resolved.push(result);
  }
  req.body = batch ? resolved : resolved[0];
  return undefined;
}

function refusalOf(request: { query?: unknown; operationName?: unknown }, documents: TrustedDocuments) {
  if (typeof request.query !== 'string') return undefined;
  return documents.refusal(request.query, typeof request.operationName === 'string' ? request.operationName : null);
}

function resolveSearch(req: { url: string }, documents: TrustedDocuments): GraphQLError | undefined {
  const url = new URL(req.url, 'http://gateway');
  const params = url.searchParams;
  const operationName = params.get('operationName');
  if (!params.has('documentId') && !params.has('extensions')) {
    return refusalOf({ query: params.get('query') ?? undefined, operationName }, documents);
  }
  let extensions: unknown;
  try {
    extensions = params.has('extensions') ? JSON.parse(params.get('extensions')!) : undefined;
  } catch {
    return undefined;
  }
  const sent: GraphQLRequestBody = {
    query: params.get('query') ?? undefined,
    documentId: params.get('documentId') ?? undefined,
    extensions,
  };
  const result = documents.resolve(sent);
  if (result instanceof Error) return result;
  const refusal = refusalOf({ ...result, operationName }, documents);
  if (refusal) return refusal;
  if (result === sent) return undefined;
  for (const name of ['query', 'documentId', 'extensions'] as const) {
    const value = (result as GraphQLRequestBody)[name];
    if (value === undefined) params.delete(name);
    else params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  req.url = `${url.pathname}${url.search}`;
  return undefined;
}
