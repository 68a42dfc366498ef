import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { MembershipEntity } from './membership.entity.ts';
import { TenantEntity, type Tenant } from './tenant.entity.ts';
import { UserEntity, type User } from './user.entity.ts';

/** Reads run inside the caller's tenant transaction, so row-level security has the last word. */
export const tenantService = {
  findByIds(manager: EntityManager, ids: readonly string[]): Promise<Tenant[]> {
    return manager.getRepository(TenantEntity).findBy({ id: In([...ids]) });
  },

  findUsersByIds(manager: EntityManager, ids: readonly string[]): Promise<User[]> {
    return manager.getRepository(UserEntity).findBy({ id: In([...ids]) });
  },

  async roleOf(manager: EntityManager, tenantId: string, userId: string) {
    const membership = await manager.getRepository(MembershipEntity).findOneBy({ tenantId, userId });
    return membership?.role ?? null;
  },
};
