/**
 * Waits for a gateway, signs in as a demo user and makes one federated query (stores from orders,
 * their tenant's name from tenant): `tsx scripts/smoke-query.ts <gateway-url> <timeout-seconds>`.
 */
import { pathToFileURL } from 'node:url';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';

const demo = DEMO_TENANTS[0]!;

async function post(url: string, query: string, variables: object, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

async function waitForGateway(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(new URL('/healthz', url));
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The gateway at ${url} did not answer in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves with the number of stores once the gateway answers the federated query. */
export async function smokeQuery(url: string, timeoutSeconds: number): Promise<number> {
  await waitForGateway(url, Date.now() + timeoutSeconds * 1000);
  const login = await post(
    url,
    'mutation Login($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }',
    { input: { email: demoEmail(demo, 'MANAGER'), password: DEMO_PASSWORD } },
  );
  const token = login.data?.login?.accessToken as string | undefined;
  if (!token) throw new Error(`login failed: ${JSON.stringify(login)}`);
  const result = await post(
    url,
    '{ stores(first: 10) { totalCount edges { node { name tenant { name } } } } }',
    {},
    token,
  );
  const stores = result.data?.stores;
  if (result.errors || !stores || stores.totalCount < 1 || stores.edges[0].node.tenant.name !== demo.name) {
    throw new Error(`the federated query failed: ${JSON.stringify(result)}`);
  }
  return stores.totalCount as number;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [url = 'http://127.0.0.1:4000/graphql', timeoutSeconds = '60'] = process.argv.slice(2);
  const started = Date.now();
  const stores = await smokeQuery(url, Number(timeoutSeconds));
  console.log(
    `federated query answered after ${((Date.now() - started) / 1000).toFixed(1)} s: ${stores} stores of ${demo.name}`,
  );
}
