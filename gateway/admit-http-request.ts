import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { runWithRequestId } from '../common/http/request-scope.ts';
import { requestIdOf } from '../common/http/service-app.ts';
import type { Identity } from '../common/identity/identity.ts';
import type { Admission } from './admission.ts';
import { AuthenticationError, authenticate, type Authenticators } from './authenticate.ts';
import { rateLimitHeaders } from './rate-limit/rate-limit-headers.ts';

const graphqlErrors = (message: string, extensions: Record<string, unknown>) => ({
  errors: [{ message, extensions }],
});

/**
 * The first step of every HTTP GraphQL request: establishes who calls (401 without a valid credential)
 * and admits the call (429 over the rate or the month's allowance). `identityOf` gives the identity
 * to the steps after it.
 */
export function createHttpAdmission({
  authenticators,
  admission,
  logger,
}: {
  authenticators: Authenticators;
  admission: Admission;
  logger: Logger;
}): { admit: RequestHandler; identityOf(req: Request): Identity } {
  const identities = new WeakMap<Request, Identity>();
  return {
    identityOf: (req) => identities.get(req)!,
    async admit(req, res, next) {
      let identity: Identity;
      try {
        identity = await authenticate(req.headers, authenticators);
      } catch (error) {
        if (error instanceof AuthenticationError) {
          res.status(401).json(graphqlErrors(error.message, { code: 'UNAUTHENTICATED' }));
        } else {
          logger.error({ err: error, requestId: requestIdOf(req) }, 'could not authenticate the request');
          res.status(503).json(
            graphqlErrors('Authentication is unavailable', {
              code: 'INTERNAL_SERVER_ERROR',
              requestId: requestIdOf(req),
            }),
          );
        }
        return;
      }
      identities.set(req, identity);
      const { verdict, refusal } = await admission.admit(identity, req.ip ?? null);
      if (verdict) res.set(rateLimitHeaders(verdict));
      if (refusal) {
        res.status(429).json({ errors: [refusal.toJSON()] });
        return;
      }
      runWithRequestId(requestIdOf(req), next);
    },
  };
}
