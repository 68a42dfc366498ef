import { DEMO_PASSWORD, DEMO_ROLES, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { loadConfig } from '../common/config.ts';
import { createLogger } from '../common/logger.ts';
import { exitOnStartupError } from '../common/service/run-standalone.ts';
import { stopOnSignals } from '../common/service/shutdown.ts';
import { startPlatform, type Platform } from './platform.ts';

const startedAt = performance.now();
try {
  const config = loadConfig();
  const logger = createLogger(config, 'platform');
  const platform = await startPlatform(config, { logger });
  // Before the banner, which tells the user Ctrl-C drains and stops: it must already be true.
  stopOnSignals(logger, platform.stop);
  console.log(banner(platform, config.SEED_DEMO, performance.now() - startedAt));
} catch (error) {
  exitOnStartupError(error);
}

function banner(platform: Platform, demo: boolean, elapsedMs: number): string {
  const lines = [
    '',
    `Go Coffee is running (started in ${(elapsedMs / 1000).toFixed(1)} s)`,
    `  GraphQL:   ${platform.gatewayUrl}`,
    `  Database:  ${platform.databaseDescription}`,
    ...platform.subgraphs.map((subgraph) => `  ${subgraph.name.padEnd(10)} ${subgraph.url}`),
  ];
  if (demo) {
    lines.push('', `Demo logins (password "${DEMO_PASSWORD}"; mutation login(input: { email, password })):`);
    for (const tenant of DEMO_TENANTS) {
      lines.push(`  ${tenant.name}: ${DEMO_ROLES.map((role) => demoEmail(tenant, role)).join(', ')}`);
    }
  }
  lines.push('', 'Ctrl-C drains and stops.', '');
  return lines.join('\n');
}
