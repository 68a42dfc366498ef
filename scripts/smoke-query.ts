/**
 * Waits for a gateway, signs in as a demo user and makes one federated query (stores from orders,
 * their tenant's name from tenant): `tsx scripts/smoke-query.ts <gateway-url> <timeout-seconds>`.
 */
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';

const [url = 'http://127.0.0.1:4000/graphql', timeoutSeconds = '60'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
const demo = DEMO_TENANTS[0]!;

async function post(query: string, variables: object, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

async function waitForGateway(): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(new URL('/healthz', url));
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The gateway at ${url} did not answer within ${timeoutSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const started = Date.now();
await waitForGateway();
const login = await post(
  'mutation Login($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }',
  { input: { email: demoEmail(demo, 'MANAGER'), password: DEMO_PASSWORD } },
);
const token = login.data?.login?.accessToken as string | undefined;
if (!token) throw new Error(`login failed: ${JSON.stringify(login)}`);
const result = await post('{ stores(first: 10) { totalCount edges { node { name tenant { name } } } } }', {}, token);
const stores = result.data?.stores;
if (result.errors || !stores || stores.totalCount < 1 || stores.edges[0].node.tenant.name !== demo.name) {
  throw new Error(`the federated query failed: ${JSON.stringify(result)}`);
}
console.log(
  `federated query answered ${((Date.now() - started) / 1000).toFixed(1)} s after start: ${stores.totalCount} stores of ${demo.name}`,
);
