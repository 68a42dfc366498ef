import { runStandalone } from '../../common/service/run-standalone.ts';
import { ordersSubgraph } from './server.ts';

await runStandalone(ordersSubgraph);
