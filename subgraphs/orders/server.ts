import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { migrations } from './migrations/index.ts';
import { permissions } from './permissions.ts';
import { extendOrdersContext, resolvers } from './resolvers.ts';
import { seedOrdersDemo } from './seed.ts';
import { StoreEntity } from './store.entity.ts';

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export const ordersSubgraph: SubgraphModule = {
  name: 'orders',
  database: { schema: 'orders', entities: [StoreEntity], migrations },
  definition: () => ({ name: 'orders', typeDefs, resolvers, permissions, extendContext: extendOrdersContext }),
  seedDemo: ({ database }) => seedOrdersDemo(database),
};
