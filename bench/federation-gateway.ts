/**
 * The platform's gateway on any composed supergraph, as the public federation gateways benchmark
 * starts a gateway under test: `SUPERGRAPH_PATH=… PORT=… npm run bench:federation-gateway`. The kit
 * reads the CPU time of the process it started, so give it this one, not a launcher:
 * `run.sh "cd $PWD && exec node --import tsx bench/federation-gateway.ts" ours` from the project root.
 * It is `createGateway` as deployed (production mode, authentication, limits, plugins); callers
 * without a credential are anonymous, as the benchmark's are. The benchmark's query nests 10 levels
 * as graphql-armor counts them (8 with fragments flattened), so the depth limit is raised for it;
 * every setting can be overridden from the environment and the ones in force are printed on start.
 */
import { loadConfig } from '../common/config.ts';
import { generateKeyPairPem, loadKeys } from '../common/identity/keys.ts';
import { createLogger } from '../common/logger.ts';
import { createPubSub } from '../common/pubsub/create-pub-sub.ts';
import { exitOnStartupError } from '../common/service/run-standalone.ts';
import { stopOnSignals } from '../common/service/shutdown.ts';
import { createGateway } from '../gateway/server.ts';

/** The configuration the benchmark's figures are taken with, unless the environment says otherwise. */
const BENCHMARK_SETTINGS = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  GRAPHQL_MAX_DEPTH: '10',
  GRAPHQL_MAX_COST: '5000',
  // All of the benchmark's load comes from one anonymous address, which the tier limits would throttle.
  RATE_LIMITS_ENABLED: 'false',
} as const;

/** Settings of the gateway's protection that the figures depend on, printed with their values. */
const LIMIT_SETTINGS = [
  'GRAPHQL_MAX_DEPTH',
  'GRAPHQL_MAX_ALIASES',
  'GRAPHQL_MAX_COST',
  'GRAPHQL_MAX_TOKENS',
  'REQUEST_BODY_LIMIT',
  'TRUSTED_DOCUMENTS',
  'RATE_LIMITS_ENABLED',
] as const;

try {
  for (const [name, value] of Object.entries(BENCHMARK_SETTINGS)) process.env[name] ??= value;
  if (process.env.PORT) process.env.GATEWAY_PORT ??= process.env.PORT;
  // A deployed gateway gets its keys from the environment; without them this run makes its own, as
  // `npm run keys` would. Only anonymous callers come, so no access token is ever signed with them.
  if (!process.env.INTERNAL_SIGNING_KEY) process.env.INTERNAL_SIGNING_KEY = generateKeyPairPem().privateKey;
  if (!process.env.AUTH_SIGNING_KEY && !process.env.AUTH_VERIFY_KEY) {
    process.env.AUTH_VERIFY_KEY = generateKeyPairPem().publicKey;
  }

  const config = loadConfig();
  const logger = createLogger(config, 'gateway');
  const pubsub = createPubSub(config);
  const gateway = await createGateway({ config, logger, keys: loadKeys(config), pubsub: pubsub.pubsub });
  const running = await gateway.listen(config.GATEWAY_PORT, config.HOST);
  const limits = LIMIT_SETTINGS.map((name) => `${name}=${process.env[name] ?? '(default)'}`).join(' ');
  console.log(`gateway on ${config.SUPERGRAPH_PATH} at ${running.url}, NODE_ENV=${config.NODE_ENV}, ${limits}`);
  stopOnSignals(logger, async () => {
    await running.stop();
    await pubsub.close();
  });
} catch (error) {
  exitOnStartupError(error);
}
