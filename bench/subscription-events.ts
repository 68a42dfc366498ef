/**
 * Federated subscription events through the gateway, each joined with a field of a second
 * subgraph: `npm run bench:subscriptions -- [events]`. Everything runs in this one process
 * (two fixture subgraphs, the gateway, the graphql-ws clients), so the CPU figure is the whole
 * process's per delivered event; the wall figure is the time until every client had every event.
 */
import { connectTo, subscribe, type EventStream } from '../test/support/subscription-client.ts';
import { startSubscriptionFixtures } from '../test/support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway } from '../test/support/subscription-gateway.ts';

const events = Number(process.argv[2] ?? 500);
const fixtures = await startSubscriptionFixtures();
fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
const gateway = await startFixtureGateway(fixtures);
const QUERY = 'subscription { ticketUpdated(storeId: "store-1") { id status store { name } } }';

async function run(label: string, subscribers: number, distinctUsers: boolean): Promise<void> {
  const tokens = await Promise.all(
    Array.from({ length: subscribers }, (_, index) =>
      accessTokenFor(fixtures, { userId: distinctUsers ? `user-${index}` : 'user-shared' }),
    ),
  );
  const clients = tokens.map((token) => connectTo(gateway.wsUrl, `Bearer ${token}`));
  const streams: EventStream[] = clients.map((client) => subscribe(client, QUERY));
  await fixtures.upstream.until(distinctUsers ? subscribers : 1);
  while ((await gateway.metric('graphql_subscriptions_active')) < subscribers) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const received = Promise.all(
    streams.map(async (stream) => {
      for (let index = 0; index < events; index++) await stream.next();
    }),
  );
  for (let index = 0; index < events; index++) {
    await fixtures.publish({ id: `t${index}`, status: 'NEW', storeId: 'store-1' });
    if (index % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  await received;
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const delivered = events * subscribers;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `| ${label} | ${subscribers} | ${distinctUsers ? subscribers : 1} | ${events} | ${Math.round(delivered / (wallMs / 1000))} | ${((cpuMs * 1000) / delivered).toFixed(0)} µs | ${((cpuMs * 1000) / events).toFixed(0)} µs |`,
  );
  await Promise.all(clients.map((client) => client.dispose()));
  await fixtures.upstream.until(0);
}

console.log(
  '| case | subscribers | upstream subscriptions | events | delivered/s | CPU per delivered event | CPU per published event |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
await run('warm-up', 1, false);
await run('one subscriber', 1, false);
await run('100 subscribers, one identity (shared)', 100, false);
await run('20 subscribers, 20 identities (not shared)', 20, true);

/** For comparison: the same join answered to a query over HTTP, one request after another. */
async function httpQueries(): Promise<void> {
  const authorization = `Bearer ${await accessTokenFor(fixtures)}`;
  await fixtures.publish({ id: 'http', status: 'NEW', storeId: 'store-1' });
  const body = JSON.stringify({ query: '{ ticket(id: "http") { id status store { name } } }' });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < events; index++) {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body,
    });
    await response.json();
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const perQuery = (cpu.user + cpu.system) / events;
  console.log(
    `| the same join as an HTTP query (two subgraph calls), sequential | — | — | ${events} | ${Math.round(events / (wallMs / 1000))} | ${perQuery.toFixed(0)} µs | — |`,
  );
}
await httpQueries();
await gateway.stop();
await fixtures.stop();
