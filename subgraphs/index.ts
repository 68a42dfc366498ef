import type { SubgraphModule } from '../common/service/subgraph-module.ts';
import { analyticsSubgraph } from './analytics/server.ts';
import { ordersSubgraph } from './orders/server.ts';
import { paymentsSubgraph } from './payments/server.ts';
import { tenantSubgraph } from './tenant/server.ts';

/**
 * The subgraphs that exist, in start-up order. Analytics starts before orders so that, embedded, it is
 * listening when orders' relay publishes the demo history (the in-process bus keeps no past events).
 */
export const SUBGRAPHS: SubgraphModule[] = [tenantSubgraph, analyticsSubgraph, ordersSubgraph, paymentsSubgraph];
