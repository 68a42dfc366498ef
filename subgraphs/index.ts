import type { SubgraphModule } from '../common/service/subgraph-module.ts';
import { analyticsSubgraph } from './analytics/server.ts';
import { ordersSubgraph } from './orders/server.ts';
import { paymentsSubgraph } from './payments/server.ts';
import { tenantSubgraph } from './tenant/server.ts';

/**
 * The subgraphs that exist, in start-up order. Analytics starts last and catches up on the orders and
 * payments outboxes in the background (pages of events, `analytics/catch-up.ts`), so the history they
 * hold, the demo's included, reaches it without holding up the start.
 */
export const SUBGRAPHS: SubgraphModule[] = [tenantSubgraph, ordersSubgraph, paymentsSubgraph, analyticsSubgraph];
