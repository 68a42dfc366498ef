import type { Role } from './identity/identity.ts';
import type { Tier } from './tiers.ts';

/**
 * The demo data every subgraph seeds its part of on first start (embedded mode, SEED_DEMO=true).
 * Two tenants, so the demo shows isolation too. The password is for local demos only.
 */
export const DEMO_PASSWORD = 'coffee-demo';

export const DEMO_ROLES: Role[] = ['OWNER', 'ADMIN', 'MANAGER', 'BARISTA', 'CUSTOMER'];

/** The demo's platform operator (SUPERADMIN): belongs to no tenant, sees every tenant. */
export const DEMO_OPERATOR = { email: 'operator@platform.demo', name: 'Platform operator' };

export interface DemoTenant {
  id: string;
  slug: string;
  name: string;
  /** The paying tenant and the one still on its trial. */
  plan: { status: 'ACTIVE' | 'TRIAL'; tier: Tier };
  emailDomain: string;
  stores: { id: string; name: string; timezone: string; currency: string; city: string }[];
}

export const DEMO_TENANTS: DemoTenant[] = [
  {
    id: '5b3f1c1e-0d6a-4c39-9d43-2b8f6f0a1001',
    slug: 'demo',
    name: 'Demo Coffee Co',
    plan: { status: 'ACTIVE', tier: 'PROFESSIONAL' },
    emailDomain: 'demo.coffee',
    stores: [
      {
        id: '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f001',
        name: 'Downtown Seattle',
        timezone: 'America/Los_Angeles',
        currency: 'USD',
        city: 'Seattle',
      },
      {
        id: '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f002',
        name: 'Shoreditch',
        timezone: 'Europe/London',
        currency: 'GBP',
        city: 'London',
      },
      {
        id: '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f003',
        name: 'Shibuya',
        timezone: 'Asia/Tokyo',
        currency: 'JPY',
        city: 'Tokyo',
      },
    ],
  },
  {
    id: '5b3f1c1e-0d6a-4c39-9d43-2b8f6f0a2002',
    slug: 'rival',
    name: 'Rival Roasters',
    plan: { status: 'TRIAL', tier: 'FREE' },
    emailDomain: 'rival.coffee',
    stores: [
      {
        id: '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f101',
        name: 'Kreuzberg',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        city: 'Berlin',
      },
    ],
  },
];

export const demoEmail = (tenant: DemoTenant, role: Role) => `${role.toLowerCase()}@${tenant.emailDomain}`;
