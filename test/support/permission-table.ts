import { ROLES, SCOPES, type Role, type Scope } from '../../common/identity/identity.ts';
import { FEATURES, QUOTAS, type Feature, type QuotaMetric } from '../../common/tiers.ts';

/** One row of the operation table in docs/security.md. */
export interface PermissionRow {
  /** `Query.me`, `Mutation.login`, `Subscription.…` */
  coordinate: string;
  subgraph: string;
  anonymous: boolean;
  roles: Role[];
  /** `any`: every API key, whatever its scopes. */
  apiKeys: 'any' | Scope[];
  feature: Feature | null;
  quota: QuotaMetric | null;
}

/** Who calls: nobody, a user in a role, or an API key with these scopes. */
export type Caller = { kind: 'anonymous' } | { kind: 'user'; role: Role } | { kind: 'api_key'; scopes: Scope[] };

export const TENANT_ROLES = ROLES.filter((role) => role !== 'SUPERADMIN');
const HEADER = ['operation', 'subgraph', 'anonymous', 'roles', 'API keys', 'tier feature', 'quota'];
const NONE = '—';

/** The rows of the table whose header is HEADER; every cell is checked against its vocabulary. */
export function readPermissionTable(markdown: string): PermissionRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => sameCells(cellsOf(line), HEADER));
  if (start < 0) throw new Error(`No table with the header | ${HEADER.join(' | ')} |`);
  const rows: PermissionRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) break;
    rows.push(rowOf(cellsOf(line), line));
  }
  return rows;
}

function cellsOf(line: string): string[] {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|')) return [];
  return trimmed
    .slice(1, trimmed.endsWith('|') ? -1 : undefined)
    .split('|')
    .map((cell) => cell.trim().replace(/`/g, ''));
}

const sameCells = (cells: string[], expected: string[]) =>
  cells.length === expected.length && cells.every((cell, index) => cell === expected[index]);

function rowOf(cells: string[], line: string): PermissionRow {
  const fail = (why: string): never => {
    throw new Error(`Permission table row ${line.trim()}: ${why}`);
  };
  if (cells.length !== HEADER.length) fail(`expected ${HEADER.length} cells`);
  const [coordinate, subgraph, anonymous, roles, apiKeys, feature, quota] = cells as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^(Query|Mutation|Subscription)\.\w+$/.test(coordinate))
    fail('the operation must be Query.x, Mutation.x or Subscription.x');
  if (anonymous !== 'yes' && anonymous !== 'no') fail('anonymous must be yes or no');
  return {
    coordinate,
    subgraph,
    anonymous: anonymous === 'yes',
    roles: listOf(roles, (token) =>
      token === 'tenant roles'
        ? TENANT_ROLES
        : ROLES.includes(token as Role)
          ? [token as Role]
          : fail(`unknown role ${token}`),
    ),
    apiKeys:
      apiKeys === 'any'
        ? 'any'
        : listOf(apiKeys, (token) =>
            SCOPES.includes(token as Scope) ? [token as Scope] : fail(`unknown scope ${token}`),
          ),
    feature:
      feature === NONE
        ? null
        : FEATURES.includes(feature as Feature)
          ? (feature as Feature)
          : fail(`unknown feature ${feature}`),
    quota: quota === NONE ? null : quota in QUOTAS ? (quota as QuotaMetric) : fail(`unknown quota ${quota}`),
  };
}

function listOf<T>(cell: string, parse: (token: string) => T[]): T[] {
  if (cell === NONE) return [];
  return [...new Set(cell.split(',').flatMap((token) => parse(token.trim())))];
}

/** Whether the row lets this caller through when the tenant's tier does (or does not) have the row's feature. */
export function rowAllows(row: PermissionRow, caller: Caller, tierHasFeature: boolean): boolean {
  if (caller.kind === 'anonymous') return row.anonymous;
  const permitted =
    caller.kind === 'user'
      ? row.roles.includes(caller.role)
      : row.apiKeys === 'any' ||
        caller.scopes.some((scope) =>
          scope === 'admin' ? row.apiKeys.length > 0 : (row.apiKeys as Scope[]).includes(scope),
        );
  return permitted && (row.anonymous || row.feature === null || tierHasFeature);
}

/** What the caller should get back: through, or the refusal the rules give. */
export const expectedVerdict = (row: PermissionRow, caller: Caller, tierHasFeature: boolean) =>
  rowAllows(row, caller, tierHasFeature) ? 'allowed' : caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';

export const describeCaller = (caller: Caller) =>
  caller.kind === 'anonymous'
    ? 'anonymous'
    : caller.kind === 'user'
      ? caller.role
      : `API key [${caller.scopes.join(', ') || 'no scopes'}]`;

/** The row as a sentence, for the test's name. */
export function describeRow(row: PermissionRow): string {
  if (row.anonymous) return `${row.coordinate} is open to anyone`;
  const users =
    TENANT_ROLES.every((role) => row.roles.includes(role)) && row.roles.length === TENANT_ROLES.length
      ? 'every tenant role'
      : row.roles.join(', ');
  const keys =
    row.apiKeys === 'any' ? 'every API key' : row.apiKeys.length ? `API keys with ${row.apiKeys.join(' or ')}` : '';
  const who = [users, keys].filter(Boolean).join(' and ') || 'nobody';
  const tier = row.feature ? ` on a tier with ${row.feature}` : '';
  return `${row.coordinate} allows ${who}${tier}, and refuses everyone else`;
}
