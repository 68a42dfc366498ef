import type { GraphQLSchema } from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, deny, shield, type IRules } from 'graphql-shield';
import { forbidden } from './errors.ts';

type RuleOf = (typeName: string, fieldName: string) => unknown;

/** The rule shield applies to a field: the type's own, the field's, the type's `*`, or deny. */
function ruleLookup(rules: IRules): RuleOf {
  const tree = rules as Record<string, unknown>;
  return (typeName, fieldName) => {
    const typeRules = tree[typeName];
    if (typeRules === undefined) return deny;
    if (typeof typeRules !== 'object' || typeRules === null || 'resolve' in typeRules) return typeRules;
    const fields = typeRules as Record<string, unknown>;
    return fields[fieldName] ?? fields['*'] ?? deny;
  };
}

/**
 * Shield's middleware for the rules, default deny. Shield wraps every field in an asynchronous
 * check, those its rules `allow` outright too; an answer of a few hundred money and count fields
 * then spends more on those promises than on resolving. Fields that are always allowed keep their
 * own resolver.
 */
export function permissionMiddleware(rules: IRules, schema: GraphQLSchema): IMiddlewareTypeMap {
  const generated = shield(rules, {
    fallbackRule: deny,
    fallbackError: () => forbidden(),
    allowExternalErrors: true,
    debug: false,
  }).generate(schema) as Record<string, Record<string, unknown>>;
  const ruleOf = ruleLookup(rules);
  const checked: IMiddlewareTypeMap = {};
  for (const [typeName, fields] of Object.entries(generated)) {
    const kept = Object.entries(fields).filter(([fieldName]) => ruleOf(typeName, fieldName) !== allow);
    if (kept.length > 0) checked[typeName] = Object.fromEntries(kept) as IMiddlewareTypeMap[string];
  }
  return checked;
}
