import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateBrandingDocument } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { signInAs } from './support/sign-in.ts';
import { setTenantPlan } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const brand = {
  displayName: 'Demo Roastery',
  logoUrl: 'https://cdn.example/logo.png',
  primaryColor: '#3b2314',
  accentColor: '#f2c14e',
  customDomain: 'coffee.example',
};

const moveToWhiteLabel = (slug: string) =>
  setTenantPlan(platform, slug, { tier: 'WHITE_LABEL', status: 'ACTIVE', trialEndsAt: null });

describe('white-label branding', () => {
  it('is refused on a tier without WHITE_LABEL_BRANDING', async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const result = await owner.execute(UpdateBrandingDocument, { input: brand });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(/WHITE_LABEL_BRANDING/);
  });

  it('is set by an OWNER on the WHITE_LABEL tier, and a domain belongs to one tenant', async () => {
    await moveToWhiteLabel(demo.slug);
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { updateBranding } = await owner.request(UpdateBrandingDocument, { input: brand });
    expect(updateBranding.errors).toEqual([]);
    expect(updateBranding.tenant!.branding).toEqual(brand);

    await moveToWhiteLabel(rival.slug);
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const taken = await rivalOwner.request(UpdateBrandingDocument, { input: { customDomain: 'Coffee.Example' } });
    expect(taken.updateBranding.errors.map((error) => error.code)).toEqual(['DOMAIN_TAKEN']);
  });

  it('refuses bad values, changing nothing', async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { updateBranding } = await owner.request(UpdateBrandingDocument, {
      input: { logoUrl: 'http://insecure.example/logo.png', primaryColor: 'brown', customDomain: 'not a domain' },
    });
    expect(updateBranding.errors.map((error) => error.code).sort()).toEqual([
      'INVALID_COLOR',
      'INVALID_DOMAIN',
      'INVALID_LOGO_URL',
    ]);
    const unchanged = await owner.request(UpdateBrandingDocument, { input: {} });
    expect(unchanged.updateBranding.tenant!.branding).toEqual(brand);
  });

  it('is not for staff below ADMIN', async () => {
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    expect((await manager.execute(UpdateBrandingDocument, { input: brand })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});
