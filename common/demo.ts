import { nameBasedUuid } from './database/uuid.ts';
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

/** A fixed id for a named piece of demo data (a name-based UUID, version 5), the same on every machine. */
export const demoId = (name: string): string => nameBasedUuid(DEMO_ID_NAMESPACE, name);

const DEMO_ID_NAMESPACE = Buffer.from('6c0ffee05eed4d3e8a1190c0ffee0001', 'hex');

/** How many customer accounts each demo tenant has; their orders make the demo's order history. */
export const DEMO_CUSTOMER_COUNTS: Record<string, number> = { demo: 300, rival: 0 };

export interface DemoCustomer {
  id: string;
  name: string;
  email: string;
  /** Which of the tenant's customers this is, from 0: the order history draws their habits from it. */
  index: number;
}

const FIRST_NAMES = (
  'Olivia Liam Emma Noah Ava Oliver Sophia Elijah Isla James Amelia Lucas Mia Henry Freya ' +
  'Arthur Grace Theo Poppy George Aiko Haruto Yui Sota Hina Ren Sakura Yuto Mei Kaito Priya ' +
  'Arjun Zara Omar Leila Mateo Lucia Diego Chloe Ethan Nora Felix Hannah Jonas Lena Maya ' +
  'Samuel Ruby'
).split(' ');

const LAST_NAMES = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Taylor Wilson Evans Thomas Roberts ' +
  'Walker Wright Hughes Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi ' +
  'Kato Patel Khan Ali Nguyen Kim Lee Schmidt Muller Fischer Weber Rossi Silva Martin Lopez ' +
  'Okafor Mensah'
).split(' ');

/** The tenant's demo customers, the same on every machine; they sign in with no password. */
export function demoCustomers(tenant: DemoTenant): DemoCustomer[] {
  return Array.from({ length: DEMO_CUSTOMER_COUNTS[tenant.slug] ?? 0 }, (_, index) => {
    const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(index * 7 + Math.floor(index / FIRST_NAMES.length)) % LAST_NAMES.length]!;
    return {
      id: demoId(`${tenant.slug}:customer:${index}`),
      name: `${first} ${last}`,
      email: `${first}.${last}.${index + 1}@customers.${tenant.emailDomain}`.toLowerCase(),
      index,
    };
  });
}
