import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_ROLES, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import type { Platform } from './platform.ts';

/** What `npm start` prints once everything listens: where to go, and the demo logins when seeded. */
export function banner(
  platform: Pick<Platform, 'gatewayUrl' | 'databaseDescription' | 'subgraphs'>,
  demo: boolean,
  elapsedMs: number,
  graphiql = false,
): string {
  const lines = [
    '',
    `Go Coffee is running (started in ${(elapsedMs / 1000).toFixed(1)} s)`,
    `  GraphQL:   ${platform.gatewayUrl}`,
    ...(graphiql ? [`  GraphiQL:  ${platform.gatewayUrl} (open it in a browser)`] : []),
    `  Database:  ${platform.databaseDescription}`,
    ...platform.subgraphs.map((subgraph) => `  ${subgraph.name.padEnd(10)} ${subgraph.url}`),
  ];
  if (demo) {
    lines.push('', `Demo logins (password "${DEMO_PASSWORD}"; mutation login(input: { email, password })):`);
    for (const tenant of DEMO_TENANTS) {
      lines.push(`  ${tenant.name}: ${DEMO_ROLES.map((role) => demoEmail(tenant, role)).join(', ')}`);
    }
    lines.push(`  Platform operator (SUPERADMIN, every tenant): ${DEMO_OPERATOR.email}`);
  }
  lines.push('', 'Ctrl-C drains and stops.', '');
  return lines.join('\n');
}
