import { LoginDocument, createGoCoffeeClient } from '../../client-sdk/index.ts';
import { DEMO_PASSWORD, demoEmail, type DemoTenant } from '../../common/demo.ts';
import type { Role } from '../../common/identity/identity.ts';

export interface RawResponse {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

const read = async (response: Response): Promise<RawResponse> => ({
  status: response.status,
  body: (await response.json()) as RawResponse['body'],
});

/** A POST of exactly this body, as any HTTP client could send it. */
export async function postGraphQL(url: string, body: unknown, token?: string): Promise<RawResponse> {
  return read(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }),
  );
}

/** A GET with these parameters (objects as JSON), with the header CSRF prevention asks of GETs. */
export async function getGraphQL(url: string, params: Record<string, unknown>, token?: string): Promise<RawResponse> {
  const search = new URLSearchParams(
    Object.entries(params).map(([name, value]): [string, string] => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
  return read(
    await fetch(`${url}?${search}`, {
      headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }),
  );
}

/** The access token of the demo user with that role in that tenant. */
export async function accessTokenOf(gatewayUrl: string, tenant: DemoTenant, role: Role): Promise<string> {
  const { login } = await createGoCoffeeClient({ url: gatewayUrl }).request(LoginDocument, {
    input: { email: demoEmail(tenant, role), password: DEMO_PASSWORD, tenantSlug: tenant.slug },
  });
  if (!login.accessToken) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
  return login.accessToken;
}

export const errorCodes = (response: RawResponse) => response.body.errors?.map((error) => error.extensions?.code);
