import { EntitySchema } from 'typeorm';
import type { Role } from '../../common/identity/identity.ts';

/**
 * A tenant's OpenID Connect identity provider: its tokens are accepted for this tenant, and a claim
 * of the token decides the role.
 */
export interface SsoConnection {
  id: string;
  tenantId: string;
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** The token claim holding group names, e.g. `groups` or `roles`. */
  roleClaim: string;
  /** Group name to role; the first matching entry wins. */
  roleMapping: Record<string, Role>;
  /** The role of a person whose groups match nothing; null refuses them. */
  defaultRole: Role | null;
  createdAt: Date;
}

export const SsoConnectionEntity = new EntitySchema<SsoConnection>({
  name: 'SsoConnection',
  tableName: 'sso_connections',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    issuer: { type: 'text', unique: true },
    jwksUrl: { name: 'jwks_url', type: 'text' },
    audience: { type: 'text' },
    roleClaim: { name: 'role_claim', type: 'text' },
    roleMapping: { name: 'role_mapping', type: 'jsonb' },
    defaultRole: { name: 'default_role', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
