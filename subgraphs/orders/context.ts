import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { Store } from './store.entity.ts';

export interface OrdersContext extends SubgraphContext {
  loaders: { store: DataLoader<string, Store | null> };
}
