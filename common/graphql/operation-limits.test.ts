import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan, type SubscriptionNode } from '@apollo/query-planner';
import { buildSchema, parse, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import {
  createOperationGuard,
  operationLimitsOf,
  parseWithinLimits,
  subgraphOperationLimits,
  type OperationGuard,
} from './operation-limits.ts';

const limits = operationLimitsOf(loadConfig({}));
const gatewayGuard = createOperationGuard(limits, { exposeLimits: false });
const subgraphGuard = createOperationGuard(subgraphOperationLimits(limits), { exposeLimits: false });

const supergraph = Supergraph.build(readFileSync('schema/supergraph.graphql', 'utf8'));
const apiSchema = supergraph.apiSchema();
const clientSchema = apiSchema.toGraphQLJSSchema();
const planner = new QueryPlanner(supergraph);

/** The refusals of an operation: [] when it passes. */
function refusals(schema: GraphQLSchema, query: string, guard: OperationGuard): string[] {
  const result = parseWithinLimits(schema, query, guard, { introspection: true });
  return Array.isArray(result) ? result.map((error) => error.message) : [];
}

function fetchesOf(plan: QueryPlan): { serviceName: string; operation: string }[] {
  const fetches: { serviceName: string; operation: string }[] = [];
  const visit = (node: PlanNode | SubscriptionNode | undefined): void => {
    if (!node) return;
    switch (node.kind) {
      case 'Fetch':
        fetches.push(node);
        break;
      case 'Sequence':
      case 'Parallel':
        node.nodes.forEach(visit);
        break;
      case 'Flatten':
        visit(node.node);
        break;
      case 'Subscription':
        visit(node.primary);
        visit(node.rest);
        break;
      case 'Condition':
        visit(node.ifClause);
        visit(node.elseClause);
        break;
      default:
        throw new Error(`a plan node the test does not know: ${node.kind}`);
    }
  };
  visit(plan.node);
  return fetches;
}

// The limit rules count the document alone, so a subgraph's fetch is measured on any schema.
const anySchema = buildSchema('type Query { _: Int }');
const withoutSchemaChecks = (messages: string[]) => messages.filter((message) => !/Cannot query|Unknown/.test(message));

const SDK_OPERATIONS = Object.values(
  JSON.parse(readFileSync('client-sdk/__generated__/persisted-documents.json', 'utf8')) as Record<string, string>,
);

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/** Operations at the gateway's limits whose plans cross from one subgraph to the other where it costs most. */
const AT_GATEWAY_LIMITS = [
  // Six levels, the deepest below an entity owned by the other subgraph.
  '{ me { orders { edges { node { customer { orders { totalCount } } } } } } }',
  '{ stores { edges { node { tenant { plan { tier } branding { logoUrl } } } } } }',
  // Fifteen aliases, every one on a field the other subgraph resolves.
  `{ stores { edges { node { ${range(15)
    .map((i) => `t${i}: tenant { name }`)
    .join(' ')} } } } }`,
  // Fifty directives, in the subtree of an entity.
  `query($yes: Boolean!) { stores { edges { node { tenant { ${range(50)
    .map((i) => `n${i}: __typename @include(if: $yes)`)
    .join(' ')} } } } } }`,
  // Nearly the token limit in entity fields (aliases of __typename are not counted as aliases).
  `{ stores { edges { node { tenant { ${range(320)
    .map((i) => `n${i}: __typename`)
    .join(' ')} } } } } }`,
  // Close to the cost limit: a literal page of 100 with a join on every node.
  `{ stores(first: 100) { edges { node { id name timezone currency tenant { id name tier } } } } }`,
];

describe('operation limits', () => {
  it('count depth as nested selection sets: six levels pass and seven are refused', () => {
    const schema = buildSchema('type Query { node: Node } type Node { child: Node, name: String }');
    const nested = (levels: number) => `{ node { ${'child { '.repeat(levels - 1)}name${' }'.repeat(levels)} }`;
    expect(refusals(schema, nested(6), gatewayGuard)).toEqual([]);
    expect(refusals(schema, nested(7), gatewayGuard)).toEqual(['The operation is nested too deeply']);
  });

  it('name the limit only when told to expose it', () => {
    const schema = buildSchema('type Query { a: Int }');
    const aliases = `{ ${range(16)
      .map((i) => `a${i}: a`)
      .join(' ')} }`;
    expect(refusals(schema, aliases, gatewayGuard)).toEqual(['The operation uses too many aliases']);
    expect(refusals(schema, aliases, createOperationGuard(limits, { exposeLimits: true }))).toEqual([
      'The operation uses more than the 15 aliases allowed',
    ]);
  });

  it('admit every operation of the client SDK at the gateway', () => {
    for (const operation of SDK_OPERATIONS)
      expect(refusals(clientSchema, operation, gatewayGuard), operation).toEqual([]);
  });

  it.each([...SDK_OPERATIONS, ...AT_GATEWAY_LIMITS].map((operation) => [operation.slice(0, 60), operation] as const))(
    'admit at the subgraphs every fetch the gateway plans for %s',
    (_name, operation) => {
      expect(refusals(clientSchema, operation, gatewayGuard)).toEqual([]);
      const plan = planner.buildQueryPlan(operationFromDocument(apiSchema, parse(operation), {}));
      for (const fetch of fetchesOf(plan)) {
        expect(withoutSchemaChecks(refusals(anySchema, fetch.operation, subgraphGuard)), fetch.operation).toEqual([]);
      }
    },
  );
});
