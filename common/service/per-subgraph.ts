import type { SubgraphDependencies } from './subgraph-module.ts';

/**
 * What a subgraph module builds once per started subgraph and shares between its definition,
 * consumers and background tasks (clients with caches, services holding state): the first call
 * builds it, later calls with the same dependencies get the same one.
 */
export function perSubgraph<T>(build: (deps: SubgraphDependencies) => T): (deps: SubgraphDependencies) => T {
  const built = new WeakMap<SubgraphDependencies['database'], T>();
  return (deps) => {
    if (!built.has(deps.database)) built.set(deps.database, build(deps));
    return built.get(deps.database)!;
  };
}
