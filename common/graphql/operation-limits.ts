import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config.ts';

/** How large an operation may be; what each counts is in docs/security.md ("Request limits"). */
export interface OperationLimits {
  /** Nested selection sets below the root fields: `{ me { id } }` is 1 deep. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** graphql-armor's cost: each level weighs more, and a literal `first`/`last` multiplies its list. */
  maxCost: number;
}

export const operationLimitsOf = (config: Config): OperationLimits => ({
  maxDepth: config.GRAPHQL_MAX_DEPTH,
  maxAliases: config.GRAPHQL_MAX_ALIASES,
  maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
  maxTokens: config.GRAPHQL_MAX_TOKENS,
  maxCost: config.GRAPHQL_MAX_COST,
});

/**
 * What a subgraph admits, from what the gateway admits. The gateway's fetches are cut from an
 * operation that passed its limits, plus what the planner adds: key fields and `__typename` at
 * each entity boundary (a composite key or an `@requires` selection one level deeper than the
 * field asked for), the `_entities` wrapper, and aliases where fields of different types meet.
 * An entity fetch starts at the entity, so it is never deeper than the operation it came from.
 */
export const subgraphOperationLimits = (gateway: OperationLimits): OperationLimits => ({
  maxDepth: gateway.maxDepth + 1,
  maxAliases: gateway.maxAliases * 2,
  maxDirectives: gateway.maxDirectives * 2,
  maxTokens: gateway.maxTokens * 2 + 100,
  maxCost: gateway.maxCost * 2 + 100,
});

export interface OperationGuardOptions {
  /** Say which limit and its number in the refusal (never in production). */
  exposeLimits: boolean;
}

/** The limits as graphql-js understands them: parse options and validation rules. */
export interface OperationGuard {
  parseOptions: ParseOptions;
  /** The limit rules, for Apollo Server's `validationRules` (it adds the specified rules). */
  validationRules: ValidationRule[];
}

type Limit = 'depth' | 'aliases' | 'directives' | 'cost';

const REFUSALS: Record<Limit, { hidden: string; exposed: (limits: OperationLimits) => string }> = {
  depth: {
    hidden: 'The operation is nested too deeply',
    exposed: ({ maxDepth }) => `The operation is nested deeper than the ${maxDepth} levels allowed`,
  },
  aliases: {
    hidden: 'The operation uses too many aliases',
    exposed: ({ maxAliases }) => `The operation uses more than the ${maxAliases} aliases allowed`,
  },
  directives: {
    hidden: 'The operation uses too many directives',
    exposed: ({ maxDirectives }) => `The operation uses more than the ${maxDirectives} directives allowed`,
  },
  cost: {
    hidden: 'The operation is too expensive',
    exposed: ({ maxCost }) => `The operation costs more than the ${maxCost} allowed`,
  },
};

/**
 * graphql-armor's depth, alias, directive and cost rules, each refusing with
 * GRAPHQL_VALIDATION_FAILED; the token limit is graphql-js's own parser limit (armor's token
 * plugin throws from an Apollo hook, which Apollo answers with a 500).
 */
export function createOperationGuard(limits: OperationLimits, { exposeLimits }: OperationGuardOptions): OperationGuard {
  const refuse = (limit: Limit) => ({
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null) =>
        context?.reportError(
          new GraphQLError(exposeLimits ? REFUSALS[limit].exposed(limits) : REFUSALS[limit].hidden, {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
        ),
    ],
  });
  const { validationRules } = new ApolloArmor({
    // armor counts the leaf fields as a level of their own: `{ me { id } }` is 2 deep to it.
    maxDepth: { n: limits.maxDepth + 1, flattenFragments: true, ...refuse('depth') },
    maxAliases: { n: limits.maxAliases, ...refuse('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...refuse('directives') },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...refuse('cost') },
    maxTokens: { enabled: false },
    // Suggestions are removed where every error is formatted (maskError), on every transport.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { parseOptions: { maxTokens: limits.maxTokens }, validationRules };
}

/**
 * Parses and validates an operation within the guard's limits, for transports Apollo Server does
 * not serve (graphql-ws). Answers the document or the errors, each with a code; never throws.
 */
export function parseWithinLimits(
  schema: GraphQLSchema,
  query: unknown,
  guard: OperationGuard,
  { introspection }: { introspection: boolean },
): DocumentNode | GraphQLError[] {
  if (typeof query !== 'string' || query.length === 0) {
    return [new GraphQLError('The operation has no query', { extensions: { code: 'BAD_REQUEST' } })];
  }
  let document: DocumentNode;
  try {
    document = parse(query, guard.parseOptions);
  } catch (error) {
    return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
  }
  const rules = [
    ...specifiedRules,
    ...guard.validationRules,
    ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  try {
    const errors = validate(schema, document, rules);
    return errors.length > 0 ? errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) : document;
  } catch (error) {
    // validate() throws on some documents, e.g. @include with a variable on a root subscription field.
    return [withCode(error, 'GRAPHQL_VALIDATION_FAILED')];
  }
}

/**
 * A GraphQLError keeps its message, place and code, and gets this code if it has none; anything
 * else is an internal fault, with the fallback message.
 */
export function withCode(error: unknown, code: string, fallback = 'The operation could not be checked'): GraphQLError {
  if (!(error instanceof GraphQLError)) return new GraphQLError(fallback, { originalError: error as Error });
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: error.extensions.code ?? code },
  });
}
