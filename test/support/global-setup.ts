import { embeddedTemplate, testServices } from './test-services.ts';

/** Says which services the suite runs against, and prepares the embedded template once. */
export default async function setup(): Promise<void> {
  console.log(
    `Test services: ${testServices.databaseUrl ? 'PostgreSQL (TEST_DATABASE_URL)' : 'embedded PGlite'}, ${
      testServices.redisUrl ? 'Redis (TEST_REDIS_URL)' : 'in-process bus, pub/sub and cache'
    }`,
  );
  if (!testServices.databaseUrl) await embeddedTemplate();
}
