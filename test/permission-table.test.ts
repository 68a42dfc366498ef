import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateApiKeyDocument, LoginDocument, createGoCoffeeClient, type GoCoffeeClient } from '../client-sdk/index.ts';
import type { SubgraphName } from '../common/config.ts';
import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { ANONYMOUS, ROLES, type Identity, type Scope } from '../common/identity/identity.ts';
import { TIERS, isTier, tierAllows, type Feature, type Tier } from '../common/tiers.ts';
import { UserEntity } from '../subgraphs/tenant/user.entity.ts';
import { callOf, rootField, rootFieldsOf, verdictOf, type ProbeResponse } from './support/operation-probe.ts';
import {
  describeCaller,
  describeRow,
  expectedVerdict,
  readPermissionTable,
  type Caller,
  type PermissionRow,
} from './support/permission-table.ts';
import { callSubgraphAs, subgraphDatabase, subscribeAs } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { servingSubgraphs } from './support/supergraph-map.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

/**
 * The operation table in docs/security.md is the specification: every root field of the composed
 * API has a row, and every row is checked by calling the operation as every kind of caller. The
 * calls are built from the schema, so a new operation needs only its row.
 */
const rows = readPermissionTable(readFileSync('docs/security.md', 'utf8'));
const api = buildSchema(readFileSync('schema/api.graphql', 'utf8'));
const demo = DEMO_TENANTS[0]!;
const DEMO_TIER: Tier = 'PROFESSIONAL';
/** Checked end to end as well, with real credentials: a query and a mutation of each subgraph, and the operator's. */
const THROUGH_THE_GATEWAY = ['Query.apiKeys', 'Query.stores', 'Mutation.createStore', 'Query.platformTenants'];

const scopesInTable = [
  ...new Set<Scope>(['admin', ...rows.flatMap((row) => (row.apiKeys === 'any' ? [] : row.apiKeys))]),
];
const callers: Caller[] = [
  { kind: 'anonymous' },
  ...ROLES.map((role): Caller => ({ kind: 'user', role })),
  ...scopesInTable.map((scope): Caller => ({ kind: 'api_key', scopes: [scope] })),
  { kind: 'api_key', scopes: [] },
];

let platform: TestPlatform;
const userIds = new Map<string, string>();
beforeAll(async () => {
  platform = await startTestPlatform();
  const users = await subgraphDatabase(platform, 'tenant').system((manager) =>
    manager.getRepository(UserEntity).find(),
  );
  for (const user of users) userIds.set(user.email, user.id);
});
afterAll(() => platform?.stop());

/** The identity the gateway would sign for this caller in the demo tenant on this tier. */
function identityOf(caller: Caller, tier: Tier): Identity {
  if (caller.kind === 'anonymous') return ANONYMOUS;
  if (caller.kind === 'api_key') {
    return { kind: 'api_key', userId: null, tenantId: demo.id, roles: [], scopes: caller.scopes, tier };
  }
  if (caller.role === 'SUPERADMIN') {
    return {
      kind: 'user',
      userId: userIds.get(DEMO_OPERATOR.email)!,
      tenantId: null,
      roles: ['SUPERADMIN'],
      scopes: [],
      tier: null,
    };
  }
  const userId = userIds.get(demoEmail(demo, caller.role))!;
  return { kind: 'user', userId, tenantId: demo.id, roles: [caller.role], scopes: [], tier };
}

const tierHas = (tier: string | null, feature: Feature | null) =>
  feature === null || (isTier(tier) && tierAllows(tier, feature));

/** The tiers a row is tried on: the demo's, or one with its feature and one without. */
const tiersFor = (row: PermissionRow): Tier[] =>
  row.feature
    ? [TIERS.find((tier) => tierAllows(tier, row.feature!))!, TIERS.find((tier) => !tierAllows(tier, row.feature!))!]
    : [DEMO_TIER];

function callStraight(row: PermissionRow, identity: Identity): Promise<ProbeResponse> {
  const root = rootField(api, row.coordinate);
  const { query, variables } = callOf(root);
  const subgraph = row.subgraph as SubgraphName;
  return root.operation === 'subscription'
    ? subscribeAs(platform, subgraph, identity, query, variables)
    : callSubgraphAs(platform, subgraph, identity, query, variables);
}

describe('the operation table in docs/security.md', () => {
  it('has one row for every Query, Mutation and Subscription field of the composed API, and none for a field that is gone', () => {
    const fields = rootFieldsOf(api).map((root) => root.coordinate);
    const listed = rows.map((row) => row.coordinate);
    expect(
      listed.filter((coordinate, index) => listed.indexOf(coordinate) !== index),
      'listed twice',
    ).toEqual([]);
    expect(
      fields.filter((coordinate) => !listed.includes(coordinate)),
      'fields without a row',
    ).toEqual([]);
    expect(
      listed.filter((coordinate) => !fields.includes(coordinate)),
      'rows for no field',
    ).toEqual([]);
  });

  it('names for each operation the subgraph that serves it', () => {
    const serving = servingSubgraphs(readFileSync('schema/supergraph.graphql', 'utf8'));
    const wrong = rows
      .filter((row) => !serving.get(row.coordinate)?.includes(row.subgraph))
      .map((row) => `${row.coordinate}: ${row.subgraph}, served by ${serving.get(row.coordinate)?.join(', ')}`);
    expect(wrong).toEqual([]);
  });

  it("gives a quota exactly where the operation's rules apply withinQuota", async () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const { permissions } = (await import(`../subgraphs/${row.subgraph}/permissions.ts`)) as {
        permissions: Record<string, Record<string, unknown>>;
      };
      const [type, field] = row.coordinate.split('.') as [string, string];
      const quotas = ruleNamesIn(permissions[type]?.[field]).filter((name) => name.startsWith('withinQuota:'));
      const expected = row.quota ? [`withinQuota:${row.quota}`] : [];
      if (JSON.stringify(quotas) !== JSON.stringify(expected))
        wrong.push(`${row.coordinate}: ${quotas.join(', ') || 'none'}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('each operation, called straight at its subgraph by every kind of caller', () => {
  for (const row of rows) {
    it(describeRow(row), async () => {
      const mismatches: string[] = [];
      for (const tier of tiersFor(row)) {
        for (const caller of callers) {
          const identity = identityOf(caller, tier);
          const got = verdictOf(row.coordinate, await callStraight(row, identity));
          const expected = expectedVerdict(row, caller, tierHas(identity.tier, row.feature));
          if (got !== expected)
            mismatches.push(`${describeCaller(caller)} on ${identity.tier}: ${got}, not ${expected}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe('operations called through the gateway with real credentials', () => {
  const clients = new Map<string, GoCoffeeClient>();
  beforeAll(async () => {
    const anonymous = createGoCoffeeClient({ url: platform.gatewayUrl });
    clients.set(describeCaller({ kind: 'anonymous' }), anonymous);
    for (const role of ROLES.filter((role) => role !== 'SUPERADMIN')) {
      clients.set(role, await signInAs(platform.gatewayUrl, demo, role));
    }
    const { login } = await anonymous.request(LoginDocument, {
      input: { email: DEMO_OPERATOR.email, password: DEMO_PASSWORD },
    });
    clients.set('SUPERADMIN', createGoCoffeeClient({ url: platform.gatewayUrl, token: login.accessToken! }));
    const owner = clients.get('OWNER')!;
    for (const scope of scopesInTable) {
      const { createApiKey } = await owner.request(CreateApiKeyDocument, {
        input: { name: `Probe ${scope}`, scopes: [scope], idempotencyKey: `probe-${scope}` },
      });
      const caller: Caller = { kind: 'api_key', scopes: [scope] };
      clients.set(
        describeCaller(caller),
        createGoCoffeeClient({ url: platform.gatewayUrl, token: createApiKey.secret! }),
      );
    }
  });

  for (const coordinate of THROUGH_THE_GATEWAY) {
    it(`${coordinate} answers each caller through the gateway as its row says`, async () => {
      const row = rows.find((candidate) => candidate.coordinate === coordinate);
      expect(row, `no row for ${coordinate}`).toBeDefined();
      expect(row!.feature, 'the demo tenant is on PROFESSIONAL: pick a row without a tier feature').toBeNull();
      const { query, variables } = callOf(rootField(api, coordinate));
      const document = parse(query) as TypedDocumentNode<unknown, Record<string, unknown>>;
      const mismatches: string[] = [];
      for (const caller of callers.filter((candidate) => clients.has(describeCaller(candidate)))) {
        const got = verdictOf(coordinate, await clients.get(describeCaller(caller))!.execute(document, variables));
        const expected = expectedVerdict(
          row!,
          caller,
          tierHas(caller.kind === 'user' && caller.role === 'SUPERADMIN' ? null : DEMO_TIER, row!.feature),
        );
        if (got !== expected) mismatches.push(`${describeCaller(caller)}: ${got}, not ${expected}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});

/** The names of the rules in a graphql-shield rule tree (`hasRole:OWNER,ADMIN`, `withinQuota:USERS`, …). */
function ruleNamesIn(rule: unknown): string[] {
  if (!rule || typeof rule !== 'object') return [];
  const nested = (rule as { getRules?: () => unknown[] }).getRules?.();
  if (nested) return nested.flatMap(ruleNamesIn);
  const name = (rule as { name?: unknown }).name;
  return typeof name === 'string' ? [name] : [];
}
