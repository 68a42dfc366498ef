import { buildOperationContext } from '@apollo/gateway';
import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import { parseWithinLimits, withCode, type OperationGuard } from '../../common/graphql/operation-limits.ts';
import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  getVariableValues,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

type OperationContext = ReturnType<typeof buildOperationContext>;

/** What a client sends to subscribe (the graphql-ws `subscribe` payload). */
export interface SubscriptionRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** A subscription ready to run: where its events come from and what is joined into each. */
export interface PlannedSubscription {
  /** The fetch that opens the subscription on the subgraph that owns the field. */
  primary: FetchNode;
  /** What is fetched from other subgraphs for every event, if anything. */
  rest: PlanNode | undefined;
  operationContext: OperationContext;
  /** The variables, validated and coerced. */
  variables: Record<string, unknown>;
  /** Equal for requests that receive equal events given the same identity. */
  key: string;
}

export interface SubscriptionPlanner {
  /** The supergraph as graphql-js and federation see it, which executing a plan needs. */
  supergraphSchema: GraphQLSchema;
  apiSchema: Schema;
  /** The subgraphs the supergraph composes. */
  subgraphNames: readonly string[];
  /** A plan, or the errors that make the request unacceptable (never throws). */
  plan(request: SubscriptionRequest): PlannedSubscription | readonly GraphQLError[];
}

interface CachedPlan {
  operation: OperationDefinitionNode;
  operationContext: OperationContext;
  primary: FetchNode;
  rest: PlanNode | undefined;
}

const MAX_CACHED_PLANS = 500;

/**
 * Plans subscriptions with its own query planner over the supergraph: the gateway plans them too
 * but refuses to run them. Parsing, validation (within the operation limits) and planning are done
 * once per distinct document.
 */
export function createSubscriptionPlanner(
  supergraphSdl: string,
  { guard, introspection }: { guard: OperationGuard; introspection: boolean },
): SubscriptionPlanner {
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const schema = apiSchema.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  const cache = new Map<string, CachedPlan>();

  function planDocument(query: string, operationName: string | undefined): CachedPlan | readonly GraphQLError[] {
    const document = parseWithinLimits(schema, query, guard, { introspection });
    if (isErrors(document)) return document;
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      return [badRequest(operationName ? `No operation named "${operationName}"` : 'Name the operation to run')];
    }
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return [badRequest('Only subscriptions are served over WebSocket: send queries and mutations over HTTP')];
    }
    try {
      const plan = planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName }));
      if (plan.node?.kind !== 'Subscription') throw new Error('the planner did not plan a subscription');
      const operationContext = buildOperationContext({ schema, operationDocument: document, operationName });
      return { operation, operationContext, primary: plan.node.primary, rest: plan.node.rest };
    } catch (error) {
      return [withCode(error, 'GRAPHQL_VALIDATION_FAILED', 'Could not plan the subscription')];
    }
  }

  return {
    supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
    apiSchema,
    subgraphNames: supergraph.subgraphs().names(),
    plan({ query, operationName, variables }) {
      const name = operationName ?? undefined;
      const cacheKey = `${name ?? ''}\n${query}`;
      let planned = cache.get(cacheKey);
      if (!planned) {
        const result = planDocument(query, name);
        if (isErrors(result)) return result;
        planned = result;
        if (cache.size >= MAX_CACHED_PLANS) cache.delete(cache.keys().next().value!);
        cache.set(cacheKey, planned);
      }
      const coerced = getVariableValues(schema, planned.operation.variableDefinitions ?? [], variables ?? {});
      if (coerced.errors) return coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
      return {
        primary: planned.primary,
        rest: planned.rest,
        operationContext: planned.operationContext,
        variables: coerced.coerced,
        // The coerced variables follow the document's definitions in order, so equal requests print equally.
        key: `${cacheKey}\n${JSON.stringify(coerced.coerced)}`,
      };
    },
  };
}

const isErrors = <T extends object>(value: T | readonly GraphQLError[]): value is readonly GraphQLError[] =>
  Array.isArray(value);

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
