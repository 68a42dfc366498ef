import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_ROLES, DEMO_TENANTS, demoCustomers, demoEmail } from '../../common/demo.ts';
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
  await seedDemoCustomers(database);
}

/**
 * The demo tenants' customers, whose orders make the demo history. Their accounts have no usable
 * password (no hash matches `demo$`), so none is hashed: they stand for people, not logins.
 */
async function seedDemoCustomers(database: Database): Promise<void> {
  for (const demo of DEMO_TENANTS) {
    const customers = demoCustomers(demo);
    if (customers.length === 0) continue;
    await database.system(async (manager) => {
      if (await manager.getRepository(UserEntity).existsBy({ id: customers[0]!.id })) return;
      await manager.getRepository(UserEntity).insert(
        customers.map(({ id, name, email, index }) => ({
          id,
          name,
          email,
          passwordHash: 'demo$no-password',
          analyticsConsent: index % 8 !== 0,
          marketingConsent: index % 3 === 0,
          consentUpdatedAt: new Date(),
        })),
      );
      await manager
        .getRepository(MembershipEntity)
        .insert(customers.map(({ id }) => ({ tenantId: demo.id, userId: id, role: 'CUSTOMER' as const })));
    });
  }
}
