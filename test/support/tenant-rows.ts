import { buildSubgraphSchema } from '@apollo/subgraph';
import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { readFileSync } from 'node:fs';
import type { SubgraphName } from '../../common/config.ts';
import { readRoverConfig } from '../../scripts/composition.ts';
import { subgraphDatabase } from './platform-access.ts';
import type { TestPlatform } from './test-platform.ts';

/**
 * Where a tenant's rows of each type are, by the subgraph that keeps them: read inside that tenant's
 * transaction, so row-level security returns its rows only. The cross-tenant tests try these ids
 * with another tenant's credentials. Every entity type (`@key`) of every subgraph needs a line; the
 * other lines give more ids to try. The rival demo tenant must have a row of each type: the demo seed
 * or the cross-tenant test's arrangement gives it one.
 */
export const ROWS_OF_TYPE: Record<string, { subgraph: SubgraphName; ids: string }> = {
  Tenant: { subgraph: 'tenant', ids: 'SELECT id FROM tenant.tenants' },
  User: { subgraph: 'tenant', ids: 'SELECT user_id AS id FROM tenant.memberships' },
  PersonalDataExport: { subgraph: 'tenant', ids: 'SELECT user_id AS id FROM tenant.memberships' },
  ApiKey: { subgraph: 'tenant', ids: 'SELECT id FROM tenant.api_keys' },
  Invitation: { subgraph: 'tenant', ids: 'SELECT id FROM tenant.invitations' },
  SsoConnection: { subgraph: 'tenant', ids: 'SELECT id FROM tenant.sso_connections' },
  AuditEvent: { subgraph: 'tenant', ids: 'SELECT id FROM tenant.audit_events' },
  Store: { subgraph: 'orders', ids: 'SELECT id FROM orders.stores' },
  Product: { subgraph: 'orders', ids: 'SELECT id FROM orders.products' },
  Order: { subgraph: 'orders', ids: 'SELECT id FROM orders.orders' },
  OrderLine: { subgraph: 'orders', ids: 'SELECT id FROM orders.order_lines' },
  MenuCategory: { subgraph: 'orders', ids: 'SELECT id FROM orders.menu_categories' },
  ProductVariant: { subgraph: 'orders', ids: 'SELECT id FROM orders.product_variants' },
  ModifierGroup: { subgraph: 'orders', ids: 'SELECT id FROM orders.modifier_groups' },
  ModifierOption: { subgraph: 'orders', ids: 'SELECT id FROM orders.modifier_options' },
  Ingredient: { subgraph: 'orders', ids: 'SELECT id FROM orders.ingredients' },
  Payment: { subgraph: 'payments', ids: 'SELECT id FROM payments.payments' },
  Dashboard: { subgraph: 'analytics', ids: 'SELECT id FROM analytics.dashboards' },
  Report: { subgraph: 'analytics', ids: 'SELECT id FROM analytics.reports' },
  ReportSchedule: { subgraph: 'analytics', ids: 'SELECT id FROM analytics.report_schedules' },
};

/**
 * Entity types that are platform data, no tenant's rows: only platform-operator rules reach them
 * (a tenant's caller is refused), so there is nothing of one tenant's for another to try.
 */
const PLATFORM_ENTITY_TYPES = new Set(['PlatformRevenueMonth']);

/** A tenant's ids of one type (at most `limit`). */
export async function idsOf(platform: TestPlatform, tenantId: string, type: string, limit = 20): Promise<string[]> {
  const entry = ROWS_OF_TYPE[type];
  if (!entry) throw new Error(`No line for ${type} in ROWS_OF_TYPE (test/support/tenant-rows.ts)`);
  const rows: { id: string }[] = await subgraphDatabase(platform, entry.subgraph).transaction(tenantId, (manager) =>
    manager.query(`SELECT id::text FROM (${entry.ids}) AS rows ORDER BY id LIMIT ${limit}`),
  );
  return rows.map((row) => row.id);
}

export interface EntityType {
  subgraph: SubgraphName;
  type: GraphQLObjectType;
  /** The single field of its `@key`. */
  key: string;
}

/** Each subgraph's schema as it serves it, from the files rover.yaml names. */
export function subgraphSchemas(): Map<SubgraphName, GraphQLSchema> {
  const schemas = new Map<SubgraphName, GraphQLSchema>();
  for (const [name, { schema }] of Object.entries(readRoverConfig().subgraphs)) {
    schemas.set(name as SubgraphName, buildSubgraphSchema([{ typeDefs: gql(readFileSync(schema.file, 'utf8')) }]));
  }
  return schemas;
}

/** Every type a subgraph resolves by its key (`@key` without `resolvable: false`), in every subgraph. */
export function entityTypes(): EntityType[] {
  const found: EntityType[] = [];
  for (const [subgraph, schema] of subgraphSchemas()) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('_') || PLATFORM_ENTITY_TYPES.has(type.name)) continue;
      const keys = [type.astNode, ...type.extensionASTNodes].flatMap((node) =>
        (node?.directives ?? []).filter((directive) => directive.name.value === 'key'),
      );
      if (keys.length === 0) continue;
      const resolvable = keys.some(
        (directive) =>
          !directive.arguments?.some(
            (argument) =>
              argument.name.value === 'resolvable' && argument.value.kind === 'BooleanValue' && !argument.value.value,
          ),
      );
      if (!resolvable) continue;
      const fields = keys[0]!.arguments?.find((argument) => argument.name.value === 'fields')?.value;
      const key = fields?.kind === 'StringValue' ? fields.value.trim() : '';
      if (!/^\w+$/.test(key))
        throw new Error(`${subgraph} ${type.name}: only single-field keys are tried, not "${key}"`);
      found.push({ subgraph, type, key });
    }
  }
  return found;
}

/**
 * Everything a tenant has in every subgraph, as that tenant sees it: each table under row-level
 * security, read inside the tenant's transaction. Equal snapshots mean none of its rows changed.
 */
export async function snapshotOf(platform: TestPlatform, tenantId: string): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const subgraph of platform.subgraphs) {
    const tables: { name: string }[] = await subgraph.database.system((manager) =>
      manager.query(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relrowsecurity ORDER BY c.relname`,
        [subgraph.database.schema],
      ),
    );
    await subgraph.database.transaction(tenantId, async (manager) => {
      for (const { name } of tables) {
        const rows: unknown[] = await manager.query(`SELECT * FROM "${subgraph.database.schema}"."${name}"`);
        snapshot[`${subgraph.name}.${name}`] = rows.map((row) => JSON.stringify(row)).sort();
      }
    });
  }
  return snapshot;
}
