import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildSchema, getNamedType, isLeafType, isNonNullType, parse } from 'graphql';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiKeyDocument,
  MeDocument,
  StoreDocument,
  StoresDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS, demoEmail, type DemoTenant } from '../common/demo.ts';
import type { SubgraphName } from '../common/config.ts';
import type { Identity } from '../common/identity/identity.ts';
import { UserEntity } from '../subgraphs/tenant/user.entity.ts';
import { createMenuFixture } from './support/menu-fixtures.ts';
import {
  callOf,
  idSlotsOf,
  rootField,
  rootFieldsOf,
  shallowSelection,
  type ProbeResponse,
} from './support/operation-probe.ts';
import { callSubgraphAs, subgraphDatabase, subscribeAs } from './support/platform-access.ts';
import { servingSubgraphs } from './support/supergraph-map.ts';
import { signInAs } from './support/sign-in.ts';
import { ROWS_OF_TYPE, entityTypes, idsOf, snapshotOf, subgraphSchemas } from './support/tenant-rows.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';
import { eventually } from './support/eventually.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const api = buildSchema(readFileSync('schema/api.graphql', 'utf8'));
/** Codes that say "not for you" or "no such thing"; anything else on a foreign id is a defect. */
const REFUSALS = ['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'BAD_USER_INPUT'];

let platform: TestPlatform;
let rivalKeySecret: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  rivalKeySecret = await arrangeRivalRows();
});
afterAll(() => platform?.stop());

/**
 * Gives tenant B a row of every type the registry lists, straight at the tenant subgraph as B's
 * OWNER (so the gateway counts no usage for B), and waits until the audit trail of it has landed:
 * from then on nothing writes B's rows but the attempts under test.
 */
async function arrangeRivalRows(): Promise<string> {
  const ownerId = await subgraphDatabase(platform, 'tenant').system(
    async (manager) =>
      (await manager.getRepository(UserEntity).findOneByOrFail({ email: demoEmail(rival, 'OWNER') })).id,
  );
  const owner: Identity = {
    kind: 'user',
    userId: ownerId,
    tenantId: rival.id,
    roles: ['OWNER'],
    scopes: [],
    tier: 'ENTERPRISE',
  };
  const arranged = await callSubgraphAs(
    platform,
    'tenant',
    owner,
    `mutation {
      createApiKey(input: { name: "Rival POS", scopes: ["orders:read"], idempotencyKey: "rival-pos" }) { secret errors { code } }
      inviteUser(input: { email: "guest@rival.example", role: BARISTA, idempotencyKey: "rival-guest" }) { errors { code } }
      registerSsoConnection(input: { issuer: "https://idp.rival.example", jwksUrl: "https://idp.rival.example/jwks",
        audience: "go-coffee", roleMapping: [] }) { errors { code } }
    }`,
  );
  expect(arranged.errors).toBeUndefined();
  const menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), rival.id);
  const store = rival.stores[0]!.id;
  const ordered = await callSubgraphAs(
    platform,
    'orders',
    owner,
    `mutation ($store: ID!, $product: ID!, $variant: ID!, $milk: ID!) {
      updateStore(input: { storeId: $store, openingHours: [${[1, 2, 3, 4, 5, 6, 7]
        .map((day) => `{ dayOfWeek: ${day}, opens: "00:00", closes: "24:00" }`)
        .join(', ')}] }) { errors { code } }
      createIngredient(input: { name: "Rival beans", unit: "g", idempotencyKey: "rival-beans" }) { errors { code } }
      placeOrder(input: { storeId: $store, idempotencyKey: "rival-order",
        lines: [{ productId: $product, variantId: $variant, quantity: 1, modifierOptionIds: [$milk] }] }) {
        order { id } errors { code } }
    }`,
    { store, product: menu.latte.id, variant: menu.latte.small, milk: menu.milk.whole },
  );
  expect(ordered.errors).toBeUndefined();
  expect(Object.values(ordered.data).flatMap((payload: any) => payload.errors)).toEqual([]);
  // Payments learns of the order from its OrderPlaced event; then B's order is paid at the counter.
  await eventually(async () =>
    expect(
      await subgraphDatabase(platform, 'payments').transaction(rival.id, (manager) =>
        manager.query('SELECT id FROM payments.payable_orders'),
      ),
    ).not.toEqual([]),
  );
  const paid = await callSubgraphAs(
    platform,
    'payments',
    owner,
    `mutation ($order: ID!) {
      recordInStorePayment(input: { orderId: $order, method: CASH, idempotencyKey: "rival-cash" }) { errors { code } }
    }`,
    { order: ordered.data.placeOrder.order.id },
  );
  expect(paid.data?.recordInStorePayment.errors).toEqual([]);
  const saved = await callSubgraphAs(
    platform,
    'analytics',
    owner,
    `mutation ($store: ID!) {
      createDashboard(input: { name: "Rival board", shared: true, idempotencyKey: "rival-board",
        widgets: [{ kind: KPI_TILE, metrics: [ORDERS], range: { days: 7 }, storeId: $store }] }) { errors { code } }
      createReport(input: { name: "Rival week", metrics: [REVENUE], range: { days: 7 }, granularity: DAY,
        idempotencyKey: "rival-report" }) { report { id } errors { code } }
    }`,
    { store },
  );
  expect(saved.errors).toBeUndefined();
  const scheduled = await callSubgraphAs(
    platform,
    'analytics',
    owner,
    `mutation ($report: ID!) {
      scheduleReport(input: { reportId: $report, cron: "0 7 * * 1", recipients: ["owner@rival.coffee"],
        idempotencyKey: "rival-schedule" }) { errors { code } }
    }`,
    { report: saved.data.createReport.report.id },
  );
  expect(scheduled.data?.scheduleReport.errors).toEqual([]);
  const pendingEvents = async () =>
    (
      await Promise.all(
        platform.subgraphs.map((subgraph) =>
          subgraph.database.transaction(rival.id, (manager) =>
            manager.query(`SELECT 1 FROM "${subgraph.database.schema}".outbox_events WHERE published_at IS NULL`),
          ),
        ),
      )
    ).flat().length;
  await eventually(async () => {
    for (const type of Object.keys(ROWS_OF_TYPE)) expect(await idsOf(platform, rival.id, type), type).not.toEqual([]);
    expect(await idsOf(platform, rival.id, 'AuditEvent', 20)).toHaveLength(10);
    expect(await pendingEvents()).toBe(0);
  });
  return arranged.data.createApiKey.secret as string;
}

/** A few of B's ids of every type the registry knows. */
async function rivalIds(): Promise<string[]> {
  const ids = await Promise.all(Object.keys(ROWS_OF_TYPE).map((type) => idsOf(platform, rival.id, type, 3)));
  return [...new Set(ids.flat())];
}

/** Why an answer to an id gives something away, or null when it gives nothing. */
function leakIn(value: unknown, errors: ProbeResponse['errors']): string | null {
  const unexpected = (errors ?? []).filter((error) => !REFUSALS.includes(String(error.extensions?.code)));
  if (unexpected.length > 0) return `errors ${JSON.stringify(unexpected)}`;
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : `a list of ${value.length}`;
  if (typeof value !== 'object') return `the value ${JSON.stringify(value)}`;
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.edges)) return object.edges.length === 0 ? null : `${object.edges.length} edges`;
  if (Array.isArray(object.errors)) {
    const filled = Object.entries(object).filter(
      ([key, inner]) => key !== 'errors' && key !== '__typename' && inner !== null,
    );
    if (object.errors.length > 0 && filled.length === 0) return null;
    return `a payload with ${filled.map(([key]) => key).join(', ') || 'no errors'}`;
  }
  return `an object ${JSON.stringify(object)}`;
}

/** An answer with the id it was asked about blanked out, and its error codes: to compare two answers. */
const signatureOf = (response: ProbeResponse, id: string) =>
  JSON.stringify({
    data: JSON.parse(JSON.stringify(response.data ?? null).replaceAll(id, '<id>')) as unknown,
    codes: (response.errors ?? []).map((error) => error.extensions?.code).sort(),
  });

describe("tenant A's credentials with tenant B's ids", () => {
  it("find nothing of B's through the gateway", async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const result = await owner.execute(StoreDocument, { id: rival.stores[0]!.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.store).toBeNull();
    expect((await owner.request(StoreDocument, { id: demo.stores[0]!.id })).store?.name).toBe(demo.stores[0]!.name);
    const { stores } = await owner.request(StoresDocument, { first: 100 });
    expect(stores.edges.map((edge) => edge.node.tenant.slug)).not.toContain(rival.slug);
  });

  it('have a registry line for every entity type of every subgraph', () => {
    const missing = entityTypes()
      .filter(({ type }) => !ROWS_OF_TYPE[type.name])
      .map(
        ({ subgraph, type }) => `${subgraph} ${type.name}: add a line to ROWS_OF_TYPE in test/support/tenant-rows.ts`,
      );
    expect(missing).toEqual([]);
  });

  it("get from every root field that takes an ID what an unknown id gets, and change none of B's rows", async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { createApiKey } = await owner.request(CreateApiKeyDocument, {
      input: { name: 'Demo back office', scopes: ['admin'], idempotencyKey: 'demo-admin' },
    });
    const { me } = await owner.request(MeDocument);
    const adminKey: Identity = {
      kind: 'api_key',
      userId: null,
      tenantId: demo.id,
      roles: [],
      scopes: ['admin'],
      tier: 'PROFESSIONAL',
    };
    const ownerIdentity: Identity = { ...adminKey, kind: 'user', userId: me!.id, roles: ['OWNER'], scopes: [] };
    const credentials: Record<string, { client: GoCoffeeClient; identity: Identity }> = {
      "A's OWNER": { client: owner, identity: ownerIdentity },
      "A's admin API key": {
        client: createGoCoffeeClient({ url: platform.gatewayUrl, token: createApiKey.secret! }),
        identity: adminKey,
      },
    };
    const serving = servingSubgraphs(readFileSync('schema/supergraph.graphql', 'utf8'));
    const targets = rootFieldsOf(api).flatMap((root) => idSlotsOf(root.field).map((path) => ({ root, path })));
    expect(targets.length, 'root fields with an ID argument').toBeGreaterThan(0);
    const ids = await rivalIds();
    const before = await snapshotOf(platform, rival.id);

    // Each answer must give nothing away, and be the answer to an id that does not exist at all:
    // A cannot tell B's ids from made-up ones.
    const leaks: string[] = [];
    for (const { root, path } of targets) {
      const slot = `${root.coordinate}(${path.join('.')})`;
      // A subscription is started straight at its subgraph: whether it starts is the answer.
      const ask = async ({ client, identity }: (typeof credentials)[string], id: string) => {
        const fill = { path, value: id };
        if (root.operation === 'subscription') {
          const subgraph = serving.get(root.coordinate)![0] as SubgraphName;
          // Straight at its subgraph, the selection is of what that subgraph serves (not other subgraphs' fields).
          const own = rootField(subgraphSchemas().get(subgraph)!, root.coordinate);
          const { query, variables } = callOf(own, { fill, selection: shallowSelection });
          const { data, errors } = await subscribeAs(platform, subgraph, identity, query, variables);
          return { data: data as Record<string, unknown> | null, errors: errors?.map((error) => error.toJSON()) };
        }
        const { query, variables } = callOf(root, { fill, selection: shallowSelection });
        return client.execute(
          parse(query) as TypedDocumentNode<Record<string, unknown>, Record<string, unknown>>,
          variables,
        );
      };
      for (const [who, client] of Object.entries(credentials)) {
        const unknownId = randomUUID();
        const unknown = await ask(client, unknownId);
        if (unknown.data === undefined) {
          leaks.push(`${slot} did not run: ${JSON.stringify(unknown.errors)}`);
          continue;
        }
        const odd = leakIn(unknown.data?.[root.field.name], unknown.errors);
        if (odd) leaks.push(`${who}: ${slot} with an id that does not exist answered ${odd}`);
        for (const id of ids) {
          const response = await ask(client, id);
          const leak = leakIn(response.data?.[root.field.name], response.errors);
          if (leak) leaks.push(`${who}: ${slot} with B's ${id} answered ${leak}`);
          else if (signatureOf(response, id) !== signatureOf(unknown, unknownId)) {
            leaks.push(
              `${who}: ${slot} answers B's ${id} (${signatureOf(response, id)}) unlike an unknown id (${signatureOf(unknown, unknownId)})`,
            );
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(await snapshotOf(platform, rival.id)).toEqual(before);
  }, 300_000);

  it("get null for B's entities from _entities sent straight to each subgraph with A's internal token", async () => {
    const demoOwner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { me } = await demoOwner.request(MeDocument);
    const callersOfA: Record<string, Identity> = {
      "A's OWNER": {
        kind: 'user',
        userId: me!.id,
        tenantId: demo.id,
        roles: ['OWNER'],
        scopes: [],
        tier: 'PROFESSIONAL',
      },
      "A's admin API key": {
        kind: 'api_key',
        userId: null,
        tenantId: demo.id,
        roles: [],
        scopes: ['admin'],
        tier: 'PROFESSIONAL',
      },
    };
    const before = await snapshotOf(platform, rival.id);
    const leaks: string[] = [];
    for (const { subgraph, type, key } of entityTypes()) {
      const ids = await idsOf(platform, rival.id, type.name);
      expect(ids, `B has no ${type.name} to try`).not.toEqual([]);
      const leaves = Object.values(type.getFields())
        .filter((field) => isLeafType(getNamedType(field.type)) && field.args.every((arg) => !isNonNullType(arg.type)))
        .map((field) => field.name);
      const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} { ${leaves.join(' ')} } } }`;
      for (const [who, identity] of Object.entries(callersOfA)) {
        const representations = ids.map((id) => ({ __typename: type.name, [key]: id }));
        const body = await callSubgraphAs(platform, subgraph, identity, query, { r: representations });
        const problem = (body.errors ?? []).find((error) => !REFUSALS.includes(error.extensions.code));
        if (problem) leaks.push(`${who}: ${subgraph} ${type.name} errored ${JSON.stringify(problem)}`);
        const found = (body.data?._entities ?? []).filter((entity: unknown) => entity !== null);
        if (found.length > 0) leaks.push(`${who}: ${subgraph} ${type.name} gave ${JSON.stringify(found)}`);
        if (!body.data?._entities) leaks.push(`${who}: ${subgraph} ${type.name} did not run: ${JSON.stringify(body)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await snapshotOf(platform, rival.id)).toEqual(before);
  });

  it("leave B's API key working after A tried to revoke it", async () => {
    const asRivalKey = createGoCoffeeClient({ url: platform.gatewayUrl, token: rivalKeySecret });
    expect((await asRivalKey.request(StoresDocument, {})).stores.totalCount).toBe(rival.stores.length);
  });
});
