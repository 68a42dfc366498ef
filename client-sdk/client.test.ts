import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument } from './__generated__/graphql.ts';
import { createGoCoffeeClient, GraphQLRequestError } from './client.ts';

interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: { query?: string; documentId?: string; variables: Record<string, unknown> };
}

interface FakeGateway {
  url: string;
  received: ReceivedRequest[];
}

let server: Server | undefined;

/** A local endpoint that answers every POST with `status` and `body`, and records what it was sent. */
async function startFakeGateway(status: number, body: unknown): Promise<FakeGateway> {
  const received: ReceivedRequest[] = [];
  server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) as ReceivedRequest['body'] });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, received };
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const me = { id: 'user-1', email: 'barista@example.com', name: 'Barista', role: 'STAFF' };
const unauthenticated = { message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED' } };

describe('createGoCoffeeClient', () => {
  it('sends the token as a bearer authorization header with a JSON body', async () => {
    const gateway = await startFakeGateway(200, { data: { me } });
    const client = createGoCoffeeClient({ url: gateway.url, token: 'first-token' });

    await expect(client.request(MeDocument)).resolves.toEqual({ me });
    client.setToken('second-token');
    await client.request(MeDocument);

    const [first, second] = gateway.received;
    expect(first?.headers.authorization).toBe('Bearer first-token');
    expect(first?.headers['content-type']).toBe('application/json');
    expect(first?.body.query).toContain('query Me');
    expect(second?.headers.authorization).toBe('Bearer second-token');
  });

  it('asks a token function for the current token on every request, and sends none when it has none', async () => {
    const gateway = await startFakeGateway(200, { data: { me } });
    let current: string | undefined = 'from-function';
    const client = createGoCoffeeClient({ url: gateway.url, token: () => current });

    await client.request(MeDocument);
    current = undefined;
    await client.request(MeDocument);

    expect(gateway.received.map(({ headers }) => headers.authorization)).toEqual(['Bearer from-function', undefined]);
  });

  it('sends the variables it is given', async () => {
    const gateway = await startFakeGateway(200, {
      data: { login: { accessToken: 'a', refreshToken: 'r', expiresAt: '2030-01-01T00:00:00.000Z', errors: [] } },
    });
    const client = createGoCoffeeClient({ url: gateway.url });
    const input = { email: 'barista@example.com', password: 'secret' };

    await client.request(LoginDocument, { input });

    expect(gateway.received[0]?.body.variables).toEqual({ input });
  });

  it('throws a GraphQLRequestError carrying the errors when the response has errors', async () => {
    const gateway = await startFakeGateway(200, { data: null, errors: [unauthenticated] });
    const client = createGoCoffeeClient({ url: gateway.url });

    const failure = await client.request(MeDocument).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphQLRequestError);
    expect(failure).toMatchObject({ status: 200, errors: [unauthenticated], data: null });
    expect((failure as Error).message).toBe('UNAUTHENTICATED: Not signed in');
  });

  it('throws a GraphQLRequestError with the status when the HTTP request fails', async () => {
    const gateway = await startFakeGateway(400, { errors: [{ message: 'Bad request' }] });
    const client = createGoCoffeeClient({ url: gateway.url });

    await expect(client.request(MeDocument)).rejects.toMatchObject({
      name: 'GraphQLRequestError',
      status: 400,
      errors: [{ message: 'Bad request' }],
    });
  });

  it('execute() returns the errors and status without throwing', async () => {
    const gateway = await startFakeGateway(200, { data: null, errors: [unauthenticated] });
    const client = createGoCoffeeClient({ url: gateway.url });

    await expect(client.execute(MeDocument)).resolves.toEqual({ status: 200, data: null, errors: [unauthenticated] });
  });

  it('sends a generated operation by its documentId when asked to, and a hand-written one as text', async () => {
    const gateway = await startFakeGateway(200, { data: { me } });
    const client = createGoCoffeeClient({ url: gateway.url, documentIds: true });

    await client.request(MeDocument);
    await client.request(parse('query Mine { me { id } }') as TypedDocumentNode<unknown, Record<string, never>>);

    const [byId, byText] = gateway.received;
    expect(byId?.body).toEqual({
      documentId: (MeDocument as { __meta__?: { hash: string } }).__meta__!.hash,
      variables: {},
    });
    expect(byId?.body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(byText?.body.query).toContain('query Mine');
    expect(byText?.body.documentId).toBeUndefined();
  });
});
