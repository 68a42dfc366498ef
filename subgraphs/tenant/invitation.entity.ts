import { EntitySchema } from 'typeorm';
import type { Role } from '../../common/identity/identity.ts';

/** An invitation to join a tenant in a role; its token is mailed once and kept only as a hash. */
export interface Invitation {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  tokenHash: string;
  invitedBy: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  createdAt: Date;
}

export const InvitationEntity = new EntitySchema<Invitation>({
  name: 'Invitation',
  tableName: 'invitations',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    email: { type: 'text' },
    role: { type: 'text' },
    tokenHash: { name: 'token_hash', type: 'text', unique: true },
    invitedBy: { name: 'invited_by', type: 'uuid' },
    expiresAt: { name: 'expires_at', type: 'timestamptz' },
    acceptedAt: { name: 'accepted_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
