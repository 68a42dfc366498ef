/**
 * Rebuilds every analytics fact and rollup from the orders and payments outboxes:
 *   npm run analytics:backfill [-- --tenant <id>]
 * Against DATABASE_URL when set, else the embedded data directory (stop `npm start` first: PGlite
 * admits one process). Safe to run again; a run stopped half-way is completed by the next.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../common/config.ts';
import { connectEmbedded, connectPostgres } from '../common/database/connection.ts';
import { openDatabase } from '../common/database/database.ts';
import { isUuid } from '../common/database/uuid.ts';
import { databaseEventSource } from '../common/events/outbox-feed.ts';
import { KIT_ENTITIES } from '../common/service/kit-entities.ts';
import { backfillAnalytics } from '../subgraphs/analytics/backfill.ts';
import { analyticsSubgraph, EVENT_SOURCES } from '../subgraphs/analytics/server.ts';

const { values } = parseArgs({ options: { tenant: { type: 'string' } } });
const tenantId = values.tenant ?? null;
if (tenantId !== null && !isUuid(tenantId)) {
  console.error('usage: npm run analytics:backfill [-- --tenant <tenant id>]');
  process.exit(1);
}

const config = loadConfig();
const connection = config.DATABASE_URL
  ? connectPostgres(config.DATABASE_URL, 2)
  : await connectEmbedded({ dataDir: join(config.DATA_DIR, 'postgres') });
// Only the sources' outboxes are read, through the same code their /internal/events route runs.
const openedSources = await Promise.all(
  EVENT_SOURCES.map((schema) => openDatabase(connection, { schema, entities: KIT_ENTITIES, migrations: [] })),
);
for (const [index, name] of EVENT_SOURCES.entries()) {
  const [{ outbox }] = (await openedSources[index]!.system((manager) =>
    manager.query(`SELECT to_regclass($1) AS outbox`, [`${name}.outbox_events`]),
  )) as [{ outbox: string | null }];
  if (!outbox) {
    console.error(`${connection.describe()} holds no ${name} outbox: start the platform on it once first.`);
    process.exit(1);
  }
}
const sources = EVENT_SOURCES.map((name, index) => databaseEventSource(name, openedSources[index]!));
const analytics = await openDatabase(connection, {
  ...analyticsSubgraph.database,
  entities: [...analyticsSubgraph.database.entities, ...KIT_ENTITIES],
});

const startedAt = performance.now();
const sourceStartedAt = new Map<string, number>();
console.log(`Rebuilding analytics for ${tenantId ? `tenant ${tenantId}` : 'every tenant'} on ${connection.describe()}`);
await backfillAnalytics(analytics, sources, {
  tenantId,
  onProgress: ({ source, read, total }) => {
    if (!sourceStartedAt.has(source)) {
      if (sourceStartedAt.size > 0) process.stdout.write('\n');
      sourceStartedAt.set(source, performance.now());
    }
    const seconds = (performance.now() - sourceStartedAt.get(source)!) / 1000;
    const rate = Math.round(read / Math.max(seconds, 0.001)).toLocaleString('en');
    const of = (total ?? read).toLocaleString('en');
    process.stdout.write(`\r  ${source}: ${read.toLocaleString('en')} / ${of} events read (${rate} events/s)   `);
  },
});
console.log(`\nDone in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
for (const database of [analytics, ...openedSources]) await database.close();
await connection.close();
