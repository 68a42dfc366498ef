import type { SubgraphModule } from '../common/service/subgraph-module.ts';
import { analyticsSubgraph } from './analytics/server.ts';
import { ordersSubgraph } from './orders/server.ts';
import { paymentsSubgraph } from './payments/server.ts';
import { tenantSubgraph } from './tenant/server.ts';

/**
 * The subgraphs that exist, in start-up order. Analytics starts last: ingesting the demo history's
 * events one transaction each kept `npm start` from answering for minutes, so until its backfill
 * exists it sees only the orders placed after start in the embedded mode.
 */
export const SUBGRAPHS: SubgraphModule[] = [tenantSubgraph, ordersSubgraph, paymentsSubgraph, analyticsSubgraph];
