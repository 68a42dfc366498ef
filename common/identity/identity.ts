export const ROLES = ['SUPERADMIN', 'OWNER', 'ADMIN', 'MANAGER', 'BARISTA', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may be granted; `admin` includes every other scope. */
export const SCOPES = ['orders:read', 'orders:write', 'payments:write', 'analytics:read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling, as the gateway established it and the internal token carries it. */
export interface Identity {
  /** A signed-in user, an integration's API key, or nobody. */
  kind: 'anonymous' | 'user' | 'api_key';
  userId: string | null;
  tenantId: string | null;
  roles: Role[];
  scopes: string[];
  tier: string | null;
}

export const ANONYMOUS: Identity = Object.freeze({
  kind: 'anonymous',
  userId: null,
  tenantId: null,
  roles: [],
  scopes: [],
  tier: null,
}) as Identity;
