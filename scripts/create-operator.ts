/**
 * Creates a platform operator's account (SUPERADMIN: sees every tenant, acts in none) in the database
 * the configuration names, and prints its password once:
 *   npm run operator:create -- ops@example.com "Ops On Call"
 * With the embedded defaults, stop the platform first (one process per data directory).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '../common/config.ts';
import { connectEmbedded, connectPostgres } from '../common/database/connection.ts';
import { openDatabase } from '../common/database/database.ts';
import { KIT_ENTITIES } from '../common/service/kit-entities.ts';
import { createOperatorAccount } from '../subgraphs/tenant/operator-account.ts';
import { tenantSubgraph } from '../subgraphs/tenant/server.ts';

const [email, name = ''] = process.argv.slice(2);
if (!email) {
  console.error('usage: npm run operator:create -- <email> [name]');
  process.exit(1);
}

const config = loadConfig();
const connection = config.DATABASE_URL
  ? connectPostgres(config.DATABASE_URL, 1)
  : await connectEmbedded({ dataDir: join(config.DATA_DIR, 'postgres') });
const database = await openDatabase(connection, {
  ...tenantSubgraph.database,
  entities: [...tenantSubgraph.database.entities, ...KIT_ENTITIES],
});
const password = randomBytes(18).toString('base64url');
const created = await createOperatorAccount(database, { email, name, password });
await database.close();
await connection.close();

if ('code' in created) {
  console.error(`${created.code}: ${created.message}`);
  process.exit(1);
}
console.log(`Platform operator ${email} created. Password (shown this once): ${password}`);
