import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { graphqlRequestBody, type GraphQLRequestBodyOptions } from './graphql-request-body.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** An endpoint behind the body policy that answers with the operations it was given. */
async function endpoint(options: GraphQLRequestBodyOptions): Promise<string> {
  const app = express();
  app.use('/graphql', graphqlRequestBody(options), (req, res) => {
    res.json({ received: Array.isArray(req.body) ? req.body.length : 1 });
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const post = async (url: string, body: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as any };
};
const batchOf = (size: number) => JSON.stringify(Array.from({ length: size }, () => ({ query: '{ __typename }' })));

describe('graphqlRequestBody', () => {
  it('passes batches up to the maximum size when batching is on, and refuses larger ones with 400', async () => {
    const url = await endpoint({ limit: 10_000, batching: { enabled: true, maxSize: 3 } });
    expect(await post(url, batchOf(3))).toEqual({ status: 200, body: { received: 3 } });
    const refused = await post(url, batchOf(4));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({
      message: 'A batch may hold at most 3 operations',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('refuses every batch when batching is off, and passes single operations', async () => {
    const url = await endpoint({ limit: 10_000, batching: { enabled: false } });
    expect((await post(url, batchOf(1))).status).toBe(400);
    expect(await post(url, JSON.stringify({ query: '{ __typename }' }))).toEqual({
      status: 200,
      body: { received: 1 },
    });
  });

  it('answers a body over the limit with 413 and a code, in JSON', async () => {
    const url = await endpoint({ limit: 1024, batching: { enabled: false } });
    const refused = await post(url, JSON.stringify({ query: `{ ${'__typename '.repeat(100)}}` }));
    expect(refused).toEqual({
      status: 413,
      body: {
        errors: [
          {
            message: 'The request body is larger than the 1024 bytes allowed',
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      },
    });
  });
});
