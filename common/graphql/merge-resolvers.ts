type ResolverMap = Record<string, unknown>;

/**
 * One resolver map from several (one per area of a subgraph): type by type, field by field. Two
 * maps resolving the same field is a mistake, so it throws rather than let one win silently.
 */
export function mergeResolvers<T extends object>(...maps: Partial<T>[]): T {
  const merged: Record<string, ResolverMap | unknown> = {};
  for (const map of maps as ResolverMap[]) {
    for (const [typeName, fields] of Object.entries(map)) {
      const existing = merged[typeName];
      if (existing === undefined) {
        merged[typeName] = isFieldMap(fields) ? { ...fields } : fields;
        continue;
      }
      if (!isFieldMap(existing) || !isFieldMap(fields)) throw new Error(`${typeName} is resolved twice`);
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in existing) throw new Error(`${typeName}.${field} is resolved twice`);
        existing[field] = resolver;
      }
    }
  }
  return merged as T;
}

const isFieldMap = (value: unknown): value is ResolverMap =>
  typeof value === 'object' && value !== null && value.constructor === Object;
