import express, { Router, type ErrorRequestHandler, type RequestHandler, type Response } from 'express';

export interface GraphQLRequestBodyOptions {
  /** Largest body accepted, in bytes; a larger one is refused with 413 before it is read whole. */
  limit: number;
  /** Whether a JSON array of operations is accepted, and how many it may hold. */
  batching: { enabled: false } | { enabled: true; maxSize: number };
}

/** A refusal in the shape of a GraphQL response, so clients read every refusal the same way. */
export function sendGraphQLError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Reads a GraphQL request's JSON body within the limit and the batching policy. What it refuses
 * gets a JSON GraphQL-style error with a code, never express's HTML error page.
 */
export function graphqlRequestBody({ limit, batching }: GraphQLRequestBodyOptions): Router {
  const refuseUnreadable: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
    if (error.type === 'entity.too.large') {
      sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the ${limit} bytes allowed`);
    } else if (error.type === 'entity.parse.failed') {
      sendGraphQLError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
    } else if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      // An unknown charset or encoding, a body cut short: the client's request, not our fault.
      sendGraphQLError(res, error.status, 'BAD_REQUEST', 'The request body could not be read');
    } else {
      next(error);
    }
  };
  const applyBatchPolicy: RequestHandler = (req, res, next) => {
    if (!Array.isArray(req.body)) return next();
    if (!batching.enabled) {
      sendGraphQLError(res, 400, 'BAD_REQUEST', 'Batched operations are not accepted: send one operation per request');
    } else if (req.body.length > batching.maxSize) {
      sendGraphQLError(res, 400, 'BAD_REQUEST', `A batch may hold at most ${batching.maxSize} operations`);
    } else {
      next();
    }
  };
  return Router().use(express.json({ limit }), refuseUnreadable, applyBatchPolicy);
}
