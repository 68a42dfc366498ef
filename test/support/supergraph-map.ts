import { Kind, parse, type ConstDirectiveNode, type ObjectTypeDefinitionNode } from 'graphql';

const ROOTS = ['Query', 'Mutation', 'Subscription'];

const argumentOf = (directive: ConstDirectiveNode, name: string) => {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value && (value.kind === Kind.ENUM || value.kind === Kind.STRING) ? value.value : undefined;
};

/**
 * Which subgraphs serve each root field (`Query.me` → `['tenant']`), read from the supergraph's
 * `@join__field` / `@join__type` directives.
 */
export function servingSubgraphs(supergraphSdl: string): Map<string, string[]> {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((candidate) => candidate.name.value === 'join__graph');
      if (directive) graphNames.set(value.name.value, argumentOf(directive, 'name')!);
    }
  }
  const graphsIn = (directives: readonly ConstDirectiveNode[] | undefined, name: string) =>
    (directives ?? [])
      .filter((directive) => directive.name.value === name)
      .map((directive) => graphNames.get(argumentOf(directive, 'graph') ?? ''))
      .filter((graph): graph is string => graph !== undefined);

  const serving = new Map<string, string[]>();
  const roots = document.definitions.filter(
    (definition): definition is ObjectTypeDefinitionNode =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION && ROOTS.includes(definition.name.value),
  );
  for (const type of roots) {
    const typeGraphs = graphsIn(type.directives, 'join__type');
    for (const field of type.fields ?? []) {
      const fieldGraphs = graphsIn(field.directives, 'join__field');
      serving.set(`${type.name.value}.${field.name.value}`, fieldGraphs.length > 0 ? fieldGraphs : typeGraphs);
    }
  }
  return serving;
}
