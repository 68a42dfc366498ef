import { EntitySchema } from 'typeorm';

/**
 * One refresh token of a sign-in. Each use replaces it with a new one of the same family; a token
 * used twice means it leaked, and the whole family is revoked.
 */
export interface RefreshToken {
  id: string;
  familyId: string;
  /** null: a platform operator's session, which belongs to no tenant. */
  tenantId: string | null;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export const RefreshTokenEntity = new EntitySchema<RefreshToken>({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    familyId: { name: 'family_id', type: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid', nullable: true },
    userId: { name: 'user_id', type: 'uuid' },
    tokenHash: { name: 'token_hash', type: 'text', unique: true },
    expiresAt: { name: 'expires_at', type: 'timestamptz' },
    usedAt: { name: 'used_at', type: 'timestamptz', nullable: true },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'refresh_tokens_family_idx', columns: ['familyId'] }],
});
