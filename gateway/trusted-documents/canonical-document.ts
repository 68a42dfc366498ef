import { Kind, Lexer, Source, TokenKind, print, stripIgnoredCharacters, visit, type DocumentNode } from 'graphql';

const byPrinted = <T extends Parameters<typeof print>[0]>(nodes: readonly T[] | undefined): T[] | undefined =>
  nodes && [...nodes].sort((a, b) => compare(print(a), print(b)));

const byName = <T extends { name: { value: string } }>(nodes: readonly T[] | undefined): T[] | undefined =>
  nodes && [...nodes].sort((a, b) => compare(a.name.value, b.name.value));

const byVariable = <T extends { variable: { name: { value: string } } }>(nodes: readonly T[] | undefined) =>
  nodes && [...nodes].sort((a, b) => compare(a.variable.name.value, b.variable.name.value));

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One text for every way of writing the same executable document: definitions, selections,
 * arguments, variables and input object fields in a fixed order, no ignored characters. Directive
 * order is kept (it can mean something). Meant for small documents: sorting prints subtrees.
 */
export function canonicalDocument(document: DocumentNode): string {
  const sorted = visit(document, {
    [Kind.DOCUMENT]: { leave: (node) => ({ ...node, definitions: byPrinted(node.definitions)! }) },
    [Kind.OPERATION_DEFINITION]: {
      leave: (node) => ({ ...node, variableDefinitions: byVariable(node.variableDefinitions) }),
    },
    [Kind.SELECTION_SET]: { leave: (node) => ({ ...node, selections: byPrinted(node.selections)! }) },
    [Kind.FIELD]: { leave: (node) => ({ ...node, arguments: byName(node.arguments) }) },
    [Kind.DIRECTIVE]: { leave: (node) => ({ ...node, arguments: byName(node.arguments) }) },
    [Kind.OBJECT]: { leave: (node) => ({ ...node, fields: byName(node.fields)! }) },
  });
  return stripIgnoredCharacters(print(sorted));
}

/** How many tokens graphql-js's parser reads in this text (what its `maxTokens` option bounds). */
export function tokenCount(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}
