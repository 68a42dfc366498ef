import { EntitySchema } from 'typeorm';

/** A credential for an integration: acts for its tenant within its scopes, never as a user. */
export interface ApiKey {
  id: string;
  tenantId: string;
  name: string;
  /** Public part of the key, for lookup and for recognising it in a list. */
  prefix: string;
  /** SHA-256 of the secret part: the key is random and long, so a slow hash adds nothing. */
  secretHash: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export const ApiKeyEntity = new EntitySchema<ApiKey>({
  name: 'ApiKey',
  tableName: 'api_keys',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    name: { type: 'text' },
    prefix: { type: 'text', unique: true },
    secretHash: { name: 'secret_hash', type: 'text', select: false },
    scopes: { type: 'text', array: true },
    expiresAt: { name: 'expires_at', type: 'timestamptz', nullable: true },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    lastUsedAt: { name: 'last_used_at', type: 'timestamptz', nullable: true },
    createdBy: { name: 'created_by', type: 'uuid' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'api_keys_tenant_created_idx', columns: ['tenantId', 'createdAt'] }],
});
