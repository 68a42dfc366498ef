import { Router, type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { requestIdOf } from '../../common/http/service-app.ts';
import { createGraphiqlAssets, GRAPHIQL_ASSET_PREFIX } from './graphiql-assets.ts';
import { graphiqlContentSecurityPolicy, renderGraphiqlPage } from './graphiql-page.ts';

export interface GraphiqlRoutesOptions {
  logger: Logger;
}

/**
 * A browser's GET of /graphql is answered with GraphiQL, served whole from this gateway; any other
 * GET (a client asking for JSON, or for anything) goes on to the GraphQL handler as a GET query.
 */
const wantsGraphiql = (req: Request): boolean => req.accepts(['application/json', 'text/html']) === 'text/html';

/** GraphiQL at GET /graphql for browsers, and its assets under /graphiql/ with long-lived caching. */
export function createGraphiqlRoutes({ logger }: GraphiqlRoutesOptions): Router {
  const assets = createGraphiqlAssets();
  const router = Router();

  router.get('/graphql', async (req, res, next) => {
    if (!wantsGraphiql(req)) return next();
    try {
      const styleNonce = randomBytes(16).toString('base64');
      const page = renderGraphiqlPage(await assets(), styleNonce);
      res.setHeader('content-security-policy', graphiqlContentSecurityPolicy(styleNonce));
      res.setHeader('cache-control', 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('vary', 'Accept');
      res.type('html').send(page);
    } catch (error) {
      unavailable(error, req, res);
    }
  });

  router.get(`${GRAPHIQL_ASSET_PREFIX}*asset`, async (req, res) => {
    let asset;
    try {
      asset = (await assets()).byUrl.get(req.path);
    } catch (error) {
      return unavailable(error, req, res);
    }
    if (!asset) {
      res.status(404).type('text').send('No such GraphiQL asset: the page that asked for it is out of date');
      return;
    }
    res.setHeader('content-type', asset.contentType);
    // The URL names the content's hash: what it names never changes.
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('vary', 'Accept-Encoding');
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.setHeader('content-encoding', 'gzip');
      res.end(asset.gzipped());
    } else {
      res.end(asset.body);
    }
  });

  function unavailable(error: unknown, req: Request, res: Response) {
    logger.error({ err: error, requestId: requestIdOf(req) }, 'could not read the GraphiQL assets');
    res
      .status(503)
      .type('text')
      .send(`GraphiQL is unavailable (request ${requestIdOf(req)})`);
  }

  return router;
}
