import { runStandalone } from '../../common/service/run-standalone.ts';
import { analyticsSubgraph } from './server.ts';

await runStandalone(analyticsSubgraph);
