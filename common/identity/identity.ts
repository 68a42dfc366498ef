export const ROLES = ['SUPERADMIN', 'OWNER', 'ADMIN', 'MANAGER', 'BARISTA', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the gateway established it and the internal token carries it. */
export interface Identity {
  kind: 'anonymous' | 'user';
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
