import { EntitySchema } from 'typeorm';
import type { Role } from '../../common/identity/identity.ts';

export interface Membership {
  tenantId: string;
  userId: string;
  role: Role;
  createdAt: Date;
}

export const MembershipEntity = new EntitySchema<Membership>({
  name: 'Membership',
  tableName: 'memberships',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    userId: { name: 'user_id', type: 'uuid', primary: true },
    role: { type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'memberships_user_idx', columns: ['userId'] }],
  // SUPERADMIN is a platform role (a flag on the user), never a role in a tenant.
  checks: [{ name: 'memberships_tenant_roles_only', expression: `"role" <> 'SUPERADMIN'` }],
});
