import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { createDomainEvent } from '../../common/events/domain-event.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import type { Identity, Role } from '../../common/identity/identity.ts';
import { AuditEventEntity } from './audit-event.entity.ts';
import { MembershipEntity } from './membership.entity.ts';
import { RefreshTokenEntity } from './refresh-token.entity.ts';
import { TenantEntity } from './tenant.entity.ts';
import { UserEntity } from './user.entity.ts';

export interface ConsentsInput {
  marketingEmails?: boolean | null;
  analytics?: boolean | null;
}

export const CUSTOMER_ERASED = 'CustomerErased';

/** What the platform holds about a person, and their rights over it. */
export function createPrivacyService(database: Database) {
  return {
    /** Everything this subgraph holds about the caller; other subgraphs add theirs to the export. */
    async exportFor(caller: Identity) {
      const userId = caller.userId!;
      // Keyed by the caller's own id, so reading across the caller's tenants exposes no one else.
      return database.system(async (manager) => {
        const user = await manager.getRepository(UserEntity).findOneByOrFail({ id: userId });
        const memberships = await manager
          .getRepository(MembershipEntity)
          .createQueryBuilder('membership')
          .innerJoin(TenantEntity.options.name, 'tenant', 'tenant.id = membership.tenantId')
          .select([
            'tenant.slug AS "tenantSlug"',
            'tenant.name AS "tenantName"',
            'membership.role AS role',
            'membership.createdAt AS since',
          ])
          .where('membership.userId = :userId', { userId })
          .getRawMany<{ tenantSlug: string; tenantName: string; role: Role; since: Date }>();
        const activity = await manager
          .getRepository(AuditEventEntity)
          .find({ where: { actorId: userId }, order: { occurredAt: 'DESC' }, take: 1000 });
        const activeSessions = await manager
          .getRepository(RefreshTokenEntity)
          .createQueryBuilder('token')
          .where(
            'token.userId = :userId AND token.revokedAt IS NULL AND token.usedAt IS NULL AND token.expiresAt > now()',
            { userId },
          )
          .getCount();
        return { userId, user, memberships, activity, activeSessions, generatedAt: new Date() };
      });
    },

    async updateConsents(manager: EntityManager, userId: string, input: ConsentsInput) {
      const users = manager.getRepository(UserEntity);
      const changes = {
        ...(typeof input.marketingEmails === 'boolean' ? { marketingConsent: input.marketingEmails } : {}),
        ...(typeof input.analytics === 'boolean' ? { analyticsConsent: input.analytics } : {}),
      };
      if (Object.keys(changes).length > 0)
        await users.update({ id: userId }, { ...changes, consentUpdatedAt: new Date() });
      return { user: await users.findOneByOrFail({ id: userId }), errors: [] };
    },

    /**
     * Erases a customer from the caller's tenant. The membership goes; if the person belongs to no
     * other tenant, their personal data is pseudonymised and their sessions end. Records others must
     * keep (orders, payments) stay, tied to the pseudonymous id; CustomerErased tells the other
     * subgraphs to pseudonymise what they hold.
     */
    async eraseCustomer(
      tenantId: string,
      userId: string,
    ): Promise<{ erasedUserId: string | null; errors: UserError[] }> {
      const found = await database.transaction(tenantId, (manager) =>
        manager.getRepository(MembershipEntity).findOneBy({ tenantId, userId }),
      );
      if (!found) return { erasedUserId: null, errors: [userError('NOT_FOUND', 'No such member', ['userId'])] };
      if (found.role !== 'CUSTOMER') {
        return {
          erasedUserId: null,
          errors: [userError('NOT_A_CUSTOMER', 'Only customers are erased; remove staff instead', ['userId'])],
        };
      }
      await database.system(async (manager) => {
        await manager.getRepository(MembershipEntity).delete({ tenantId, userId });
        const elsewhere = await manager.getRepository(MembershipEntity).countBy({ userId });
        if (elsewhere === 0) {
          await manager.getRepository(UserEntity).update(
            { id: userId },
            {
              email: `erased+${userId}@erased.invalid`,
              name: 'Erased customer',
              passwordHash: `erased$${randomBytes(16).toString('base64url')}`,
              marketingConsent: false,
              analyticsConsent: false,
              erasedAt: new Date(),
            },
          );
          await manager.getRepository(RefreshTokenEntity).update({ userId }, { revokedAt: new Date() });
        }
        await recordEvents(manager, [
          createDomainEvent({
            type: CUSTOMER_ERASED,
            source: 'tenant',
            tenantId,
            aggregateId: userId,
            payload: { userId, tenantId },
          }),
        ]);
      });
      return { erasedUserId: userId, errors: [] };
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
