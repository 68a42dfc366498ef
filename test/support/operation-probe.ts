import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

export type RootOperation = 'query' | 'mutation' | 'subscription';
export const ROOT_TYPES: Record<RootOperation, string> = {
  query: 'Query',
  mutation: 'Mutation',
  subscription: 'Subscription',
};

export interface RootField {
  operation: RootOperation;
  /** `Query.me`, `Mutation.login`. */
  coordinate: string;
  field: GraphQLField<unknown, unknown>;
}

/** A call of one root field, ready to send. */
export interface Call {
  query: string;
  variables: Record<string, unknown>;
}

/** A value of each scalar a schema may use; a new custom scalar needs one here. */
const SAMPLE_SCALARS: Record<string, () => unknown> = {
  Int: () => 1,
  Float: () => 1,
  String: () => 'probe',
  Boolean: () => false,
  // Fresh each time, so it names nothing that exists.
  ID: () => randomUUID(),
  DateTime: () => new Date().toISOString(),
};

/** Every Query, Mutation and Subscription field of a schema. */
export function rootFieldsOf(schema: GraphQLSchema): RootField[] {
  const roots: [RootOperation, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([operation, type]) =>
    type
      ? Object.values(type.getFields())
          .filter((field) => !field.name.startsWith('_'))
          .map((field) => ({ operation, coordinate: `${type.name}.${field.name}`, field }))
      : [],
  );
}

export function rootField(schema: GraphQLSchema, coordinate: string): RootField {
  const found = rootFieldsOf(schema).find((candidate) => candidate.coordinate === coordinate);
  if (!found) throw new Error(`${coordinate} is not a root field of this schema`);
  return found;
}

/** A value a slot in the arguments should take, by its path (argument name, then input fields). */
export interface Fill {
  path: string[];
  value: unknown;
}

/**
 * A value of an input type: only what is required (non-null without a default) is given, so the
 * call is valid and says as little as possible; `fill` puts a value at one path on top.
 */
export function sampleValue(type: GraphQLInputType, fill?: Fill): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, fill);
  if (isListType(type)) return [sampleValue(type.ofType, fill)];
  if (fill && fill.path.length === 0) return fill.value;
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isScalarType(type)) {
    const sample = SAMPLE_SCALARS[type.name];
    if (!sample) throw new Error(`No sample value for the scalar ${type.name}: add one to SAMPLE_SCALARS`);
    return sample();
  }
  if (!isInputObjectType(type)) throw new Error(`Unexpected input type ${String(type)}`);
  const value: Record<string, unknown> = {};
  for (const field of Object.values(type.getFields())) {
    if (fill?.path[0] === field.name) {
      value[field.name] = sampleValue(field.type, { path: fill.path.slice(1), value: fill.value });
    } else if (isNonNullType(field.type) && field.defaultValue === undefined) {
      value[field.name] = sampleValue(field.type);
    }
  }
  return value;
}

/** Where in a field's arguments an ID goes: each path of argument and input field names. */
export function idSlotsOf(field: GraphQLField<unknown, unknown>): string[][] {
  const slots: string[][] = [];
  const walk = (type: GraphQLInputType, path: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    if (isScalarType(named) && named.name === 'ID') slots.push(path);
    if (!isInputObjectType(named) || seen.has(named.name)) return;
    for (const inner of Object.values(named.getFields())) {
      walk(inner.type, [...path, inner.name], new Set([...seen, named.name]));
    }
  };
  for (const argument of field.args) walk(argument.type, [argument.name], new Set());
  return slots;
}

/** `__typename` only: touches no rule but the root field's own. */
export const typenameOnly = () => '{ __typename }';

/**
 * One level of the result and a glance at the next: every leaf without required arguments, and of
 * each object field its `__typename` (and `code`, which user errors carry). Enough to see whether
 * a payload, connection or object came back with anything in it.
 */
export function shallowSelection(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return typenameOnly();
  const parts = Object.values(type.getFields())
    .filter((inner) => inner.args.every((argument) => !isNonNullType(argument.type)))
    .map((inner) => {
      const innerType = getNamedType(inner.type);
      if (isLeafType(innerType)) return inner.name;
      const code = isObjectType(innerType) && isLeafType(getNamedType(innerType.getFields().code?.type)) ? ' code' : '';
      return `${inner.name} { __typename${code} }`;
    });
  return `{ __typename ${parts.join(' ')} }`;
}

/** A valid call of a root field, its arguments synthesised from their types. */
export function callOf(
  root: RootField,
  options: { fill?: Fill; selection?: (field: GraphQLField<unknown, unknown>) => string } = {},
): Call {
  const { field } = root;
  const { fill, selection = typenameOnly } = options;
  const used = field.args.filter(
    (argument) =>
      fill?.path[0] === argument.name || (isNonNullType(argument.type) && argument.defaultValue === undefined),
  );
  const variables = Object.fromEntries(
    used.map((argument) => [
      argument.name,
      sampleValue(
        argument.type,
        fill?.path[0] === argument.name ? { path: fill.path.slice(1), value: fill.value } : undefined,
      ),
    ]),
  );
  const declarations = used.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(', ');
  const argumentList = used.map((argument) => `${argument.name}: $${argument.name}`).join(', ');
  const select = isCompositeType(getNamedType(field.type)) ? ` ${selection(field)}` : '';
  const query = `${root.operation} Probe${declarations ? `(${declarations})` : ''} { ${field.name}${
    argumentList ? `(${argumentList})` : ''
  }${select} }`;
  return { query, variables };
}

export interface ProbeResponse {
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export type Verdict = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/**
 * What the rules said. Any answer but UNAUTHENTICATED or FORBIDDEN is "allowed": an input error or
 * a user error comes from the resolver, which runs only once the rules let the call through. A
 * response without `data` was refused before it ran (an invalid call), which says nothing about
 * the rules: that is an error.
 */
export function verdictOf(coordinate: string, response: ProbeResponse): Verdict {
  if (response.data === undefined) {
    throw new Error(`${coordinate} did not run: ${JSON.stringify(response.errors ?? response)}`);
  }
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  return 'allowed';
}
