import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_ROLES, DEMO_TENANTS, demoEmail } from '../../common/demo.ts';
import type { Database } from '../../common/database/database.ts';
import { TRIAL_DAYS } from '../../common/tiers.ts';
import { MembershipEntity } from './membership.entity.ts';
import { createOperatorAccount } from './operator-account.ts';
import { hashPassword } from './password.ts';
import { TenantEntity } from './tenant.entity.ts';
import { UserEntity } from './user.entity.ts';

export async function seedTenantDemo(database: Database): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const operatorMissing = await database.system(
    async (manager) => !(await manager.getRepository(UserEntity).existsBy({ email: DEMO_OPERATOR.email })),
  );
  if (operatorMissing) await createOperatorAccount(database, { ...DEMO_OPERATOR, password: DEMO_PASSWORD });
  for (const demo of DEMO_TENANTS) {
    await database.system(async (manager) => {
      if (await manager.getRepository(TenantEntity).existsBy({ id: demo.id })) return;
      await manager.getRepository(TenantEntity).insert({
        id: demo.id,
        slug: demo.slug,
        name: demo.name,
        ...demo.plan,
        trialEndsAt: demo.plan.status === 'TRIAL' ? new Date(Date.now() + TRIAL_DAYS * 86_400_000) : null,
      });
      for (const role of DEMO_ROLES) {
        const { identifiers } = await manager.getRepository(UserEntity).insert({
          email: demoEmail(demo, role),
          name: `${demo.name} ${role.toLowerCase()}`,
          passwordHash,
        });
        await manager
          .getRepository(MembershipEntity)
          .insert({ tenantId: demo.id, userId: identifiers[0]!.id as string, role });
      }
    });
  }
}
