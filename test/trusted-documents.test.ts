import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  MeDocument,
  PlaceOrderDocument,
  StoreOrdersDocument,
  UpdateStoreDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import type { Role } from '../common/identity/identity.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { createGateway } from '../gateway/server.ts';
import { startExtraGateway, type ExtraGateway } from './support/extra-gateway.ts';
import { createMenuFixture, type MenuFixture } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { accessTokenOf, errorCodes, postGraphQL } from './support/raw-graphql.ts';
import { readMetric } from './support/read-metric.ts';
import { connectTo, subscribe } from './support/subscription-client.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';
import { testServices } from './support/test-services.ts';

let platform: TestPlatform;
let enforcing: ExtraGateway;
let open: ExtraGateway;
let menu: MenuFixture;
let managerToken: string;
const demo = DEMO_TENANTS[0]!;
const store = demo.stores[1]!;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

beforeAll(async () => {
  platform = await startTestPlatform();
  [enforcing, open] = await Promise.all([
    startExtraGateway(platform, { TRUSTED_DOCUMENTS: 'enforce' }),
    startExtraGateway(platform, { TRUSTED_DOCUMENTS: 'off' }),
  ]);
  menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
  managerToken = await accessTokenOf(platform.gatewayUrl, demo, 'MANAGER');
});
afterAll(async () => {
  await enforcing?.stop();
  await open?.stop();
  await platform?.stop();
});

/** An app built with the SDK, signed in through that gateway with the SDK's own login operation. */
async function appSignedInAs(gatewayUrl: string, role: Role, documentIds: boolean): Promise<GoCoffeeClient> {
  const client = createGoCoffeeClient({ url: gatewayUrl, documentIds });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(demo, role), password: DEMO_PASSWORD, tenantSlug: demo.slug },
  });
  client.setToken(login.accessToken!);
  return client;
}

const idOf = (document: object) => (document as { __meta__: { hash: string } }).__meta__.hash;
const ownQuery = 'query MyOwn { me { id email } }';

describe('TRUSTED_DOCUMENTS=enforce', () => {
  it('runs an SDK operation sent by its documentId', async () => {
    const app = await appSignedInAs(enforcing.url, 'BARISTA', true);
    expect((await app.request(MeDocument)).me).toMatchObject({ role: 'BARISTA' });
  });

  it('runs an SDK operation sent as text, however it is laid out', async () => {
    const app = await appSignedInAs(enforcing.url, 'BARISTA', false);
    expect((await app.request(MeDocument)).me).toMatchObject({ role: 'BARISTA' });
    const relaidOut = 'query Me {\n  me { role name\n id, email }\n}';
    expect(relaidOut).not.toBe(print(MeDocument));
    const response = await postGraphQL(enforcing.url, { query: relaidOut }, managerToken);
    expect(response.body.data.me).toMatchObject({ role: 'MANAGER' });
  });

  it('runs an SDK operation sent as an automatic persisted query hash it never registered', async () => {
    const sha256Hash = idOf(MeDocument).replace('sha256:', '');
    const response = await postGraphQL(
      enforcing.url,
      { extensions: { persistedQuery: { version: 1, sha256Hash } } },
      managerToken,
    );
    expect(response.body.data.me).toMatchObject({ role: 'MANAGER' });
  });

  it('refuses any other operation with PERSISTED_QUERY_NOT_ALLOWED, before it is validated', async () => {
    for (const query of [ownQuery, '{ secretsOfTheSchema }', 'query Me { me { email id name role tenantId } }']) {
      const response = await postGraphQL(enforcing.url, { query }, managerToken);
      expect(response.status, query).toBe(400);
      expect(errorCodes(response), query).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      expect(response.body.data).toBeUndefined();
    }
  });

  it('does not let an operation outside the manifest in as a persisted query', async () => {
    const sha256Hash = createHash('sha256').update(ownQuery).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const registering = await postGraphQL(enforcing.url, { query: ownQuery, extensions }, managerToken);
    expect(errorCodes(registering)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const byHash = await postGraphQL(enforcing.url, { extensions }, managerToken);
    expect(errorCodes(byHash)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('answers a documentId the manifest does not have with PERSISTED_QUERY_NOT_FOUND, and a malformed one with BAD_REQUEST', async () => {
    const unknown = await postGraphQL(enforcing.url, { documentId: `sha256:${'a'.repeat(64)}` }, managerToken);
    expect(unknown.status).toBe(400);
    expect(errorCodes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    for (const documentId of ['Me', 42, `sha256:${'A'.repeat(64)}`]) {
      const malformed = await postGraphQL(enforcing.url, { documentId }, managerToken);
      expect(errorCodes(malformed), String(documentId)).toEqual(['BAD_REQUEST']);
    }
    const both = await postGraphQL(enforcing.url, { documentId: idOf(MeDocument), query: ownQuery }, managerToken);
    expect(errorCodes(both)).toEqual(['BAD_REQUEST']);
  });

  it("delivers a subscription sent by its documentId over WebSocket, with the tenant's name joined in", async () => {
    const [owner, barista, customer] = await Promise.all([
      appSignedInAs(enforcing.url, 'OWNER', true),
      appSignedInAs(enforcing.url, 'BARISTA', true),
      appSignedInAs(enforcing.url, 'CUSTOMER', true),
    ]);
    const updated = await owner.request(UpdateStoreDocument, { input: { storeId: store.id, openingHours: ALL_DAY } });
    expect(updated.updateStore.errors).toEqual([]);
    const display = barista.subscribe(StoreOrdersDocument, { storeId: store.id });
    const first = display.next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { placeOrder } = await customer.request(PlaceOrderDocument, {
      input: {
        storeId: store.id,
        idempotencyKey: 'trusted-documents-1',
        lines: [
          { productId: menu.latte.id, variantId: menu.latte.small, quantity: 1, modifierOptionIds: [menu.milk.whole] },
        ],
      },
    });
    const { value } = await first;
    expect(value.errors).toBeUndefined();
    expect(value.data!.storeOrders).toMatchObject({
      id: placeOrder.order!.id,
      store: { name: store.name, tenant: { name: demo.name } },
    });
    await display.return?.();
    await Promise.all([owner, barista, customer].map((client) => client.dispose()));
  });

  it('refuses a subscription outside the manifest over WebSocket with PERSISTED_QUERY_NOT_ALLOWED', async () => {
    const client = connectTo(enforcing.wsUrl, `Bearer ${managerToken}`);
    const stream = subscribe(client, `subscription Mine { storeOrders(storeId: "${store.id}") { id } }`);
    const { error } = await stream.ended;
    expect((error as { extensions: { code: string } }[])[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    await client.dispose();
  });

  it('answers a documentId the manifest does not have over WebSocket with PERSISTED_QUERY_NOT_FOUND', async () => {
    const client = connectTo(enforcing.wsUrl, `Bearer ${managerToken}`);
    const ended = new Promise<unknown>((resolve) => {
      client.subscribe({ query: '', documentId: `sha256:${'b'.repeat(64)}` } as { query: string }, {
        next: () => {},
        error: resolve,
        complete: () => resolve(undefined),
      });
    });
    expect(((await ended) as { extensions: { code: string } }[])[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await client.dispose();
  });
});

describe.skipIf(!testServices.redisUrl)(
  'TRUSTED_DOCUMENTS=enforce beside a gateway of another mode on one Redis',
  () => {
    it('refuses by hash what a client registered as a persisted query on the other gateway', async () => {
      const query = 'query SharedOwn { me { id } }';
      const extensions = {
        persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
      };
      expect((await postGraphQL(platform.gatewayUrl, { query, extensions }, managerToken)).body.data.me).toBeTruthy();
      await expect
        .poll(async () => errorCodes(await postGraphQL(enforcing.url, { extensions }, managerToken)))
        .toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });
  },
);

describe('TRUSTED_DOCUMENTS=off', () => {
  it('runs any operation', async () => {
    const response = await postGraphQL(open.url, { query: ownQuery }, managerToken);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.me.email).toBe(demoEmail(demo, 'MANAGER'));
  });
});

describe('TRUSTED_DOCUMENTS=allow (the default)', () => {
  it('runs an operation outside the manifest, and counts it', async () => {
    const before = await readMetric(platform.gatewayUrl, 'graphql_untrusted_operations_total');
    const response = await postGraphQL(platform.gatewayUrl, { query: ownQuery }, managerToken);
    expect(response.body.data.me.email).toBe(demoEmail(demo, 'MANAGER'));
    expect(await readMetric(platform.gatewayUrl, 'graphql_untrusted_operations_total')).toBe(before + 1);
  });

  it('runs an SDK operation sent by its documentId', async () => {
    const app = await appSignedInAs(platform.gatewayUrl, 'MANAGER', true);
    expect((await app.request(MeDocument)).me).toMatchObject({ role: 'MANAGER' });
  });
});

describe('the gateway without its manifest', () => {
  it('refuses to start in enforce mode, naming TRUSTED_DOCUMENTS_PATH', async () => {
    const starting = createGateway({
      config: { ...platform.config, TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_PATH: 'no/such/manifest.json' },
      logger: pino({ level: 'silent' }),
      keys: loadKeys(platform.config),
      pubsub: new PubSub(),
    });
    await expect(starting).rejects.toThrow(/TRUSTED_DOCUMENTS_PATH/);
  });
});
