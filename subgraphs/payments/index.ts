import { runStandalone } from '../../common/service/run-standalone.ts';
import { paymentsSubgraph } from './server.ts';

await runStandalone(paymentsSubgraph);
