import type { SubgraphModule } from '../common/service/subgraph-module.ts';
import { ordersSubgraph } from './orders/server.ts';
import { paymentsSubgraph } from './payments/server.ts';
import { tenantSubgraph } from './tenant/server.ts';

/** The subgraphs that exist, in start-up order. */
export const SUBGRAPHS: SubgraphModule[] = [tenantSubgraph, ordersSubgraph, paymentsSubgraph];
