import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, createGoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { LOGIN_LIMITS } from '../subgraphs/tenant/auth.service.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const attempt = (email: string, password: string, ip = '198.51.100.1') =>
  createGoCoffeeClient({ url: platform.gatewayUrl, headers: { 'x-forwarded-for': ip } }).execute(LoginDocument, {
    input: { email, password },
  });

describe('sign-in throttling', () => {
  it('refuses an account with RATE_LIMITED after too many attempts, even with the right password', async () => {
    const email = demoEmail(demo, 'CUSTOMER');
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const result = await attempt(email, 'wrong password');
      expect(result.data?.login.errors[0]?.code).toBe('INVALID_CREDENTIALS');
    }
    const refused = await attempt(email, DEMO_PASSWORD);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
  });

  it('still lets another account of the same address sign in', async () => {
    const result = await attempt(demoEmail(rival, 'CUSTOMER'), DEMO_PASSWORD);
    expect(result.data?.login.accessToken).toEqual(expect.any(String));
  });

  it('refuses an address that tries too many accounts', async () => {
    const results = [];
    for (let i = 0; i <= LOGIN_LIMITS.perAddress; i++) {
      results.push(await attempt(`nobody-${i}@example.com`, 'guess', '203.0.113.7'));
    }
    expect(results.slice(0, -1).every((result) => result.data?.login.errors[0]?.code === 'INVALID_CREDENTIALS')).toBe(
      true,
    );
    expect(results.at(-1)!.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const elsewhere = await attempt(demoEmail(demo, 'OWNER'), DEMO_PASSWORD, '192.0.2.1');
    expect(elsewhere.data?.login.accessToken).toEqual(expect.any(String));
  });
});
