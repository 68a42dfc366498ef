import { runStandalone } from '../../common/service/run-standalone.ts';
import { tenantSubgraph } from './server.ts';

await runStandalone(tenantSubgraph);
