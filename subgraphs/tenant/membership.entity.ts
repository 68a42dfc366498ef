import { EntitySchema, Not, type EntityManager } from 'typeorm';
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
});

/** Members who take a seat of the tier's user limit: everyone but customers. */
export const countStaff = (manager: EntityManager, tenantId: string): Promise<number> =>
  manager.getRepository(MembershipEntity).countBy({ tenantId, role: Not('CUSTOMER') });
