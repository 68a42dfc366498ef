import { LoginDocument, createGoCoffeeClient, type GoCoffeeClient } from '../../client-sdk/index.ts';
import { DEMO_PASSWORD, demoEmail, type DemoTenant } from '../../common/demo.ts';
import type { Role } from '../../common/identity/identity.ts';

/** A client signed in as the demo user with that role in that tenant. */
export async function signInAs(gatewayUrl: string, tenant: DemoTenant, role: Role): Promise<GoCoffeeClient> {
  const client = createGoCoffeeClient({ url: gatewayUrl });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(tenant, role), password: DEMO_PASSWORD, tenantSlug: tenant.slug },
  });
  if (!login.accessToken) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
  client.setToken(login.accessToken);
  return client;
}
