import type { EntityManager } from 'typeorm';
import { IsNull, MoreThan, Not } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { IDEMPOTENCY_KEY_REUSED, once } from '../../common/database/idempotency.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import type { Identity, Role } from '../../common/identity/identity.ts';
import { hashToken, newOneTimeToken } from '../../common/identity/one-time-token.ts';
import type { Mailer } from '../../common/mail/mailer.ts';
import { InvitationEntity, type Invitation } from './invitation.entity.ts';
import { countStaff, MembershipEntity } from './membership.entity.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { sessionFailure, type SessionResult, type SessionService } from './session.service.ts';
import { MIN_PASSWORD_LENGTH } from './sign-up.service.ts';
import { TenantEntity } from './tenant.entity.ts';
import { planOf } from './tenant-plan.ts';
import { UserEntity } from './user.entity.ts';

export const INVITATION_DAYS = 7;
const INVITABLE: Role[] = ['ADMIN', 'MANAGER', 'BARISTA', 'CUSTOMER', 'OWNER'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INVALID_INVITATION = userError('INVALID_INVITATION', 'This invitation is unknown, used or expired', ['token']);

export interface InviteUserInput {
  email: string;
  role: Role;
  idempotencyKey: string;
}

export interface AcceptInvitationInput {
  token: string;
  name: string;
  password: string;
}

export function createInvitationService(database: Database, mailer: Mailer, sessions: SessionService) {
  return {
    /** Invites someone into the caller's tenant; counts against the tier's user limit. */
    async invite(
      caller: Identity,
      input: InviteUserInput,
    ): Promise<{ invitation: Invitation | null; errors: UserError[] }> {
      const email = input.email.trim().toLowerCase();
      if (!EMAIL.test(email))
        return { invitation: null, errors: [userError('INVALID_EMAIL', 'This is not an email address', ['email'])] };
      if (!INVITABLE.includes(input.role) || (input.role === 'OWNER' && !caller.roles.includes('OWNER'))) {
        return {
          invitation: null,
          errors: [userError('ROLE_NOT_ALLOWED', `You may not invite an ${input.role}`, ['role'])],
        };
      }
      const tenantId = caller.tenantId!;
      let mailToken: string | null = null;
      const outcome = await database.transaction(tenantId, (manager) =>
        once(
          manager,
          { tenantId, operation: 'inviteUser', key: input.idempotencyKey, request: { email, role: input.role } },
          async () => {
            const refusal = await checkRoomFor(manager, tenantId, email, input.role);
            if (refusal) return { refusal };
            const { token, hash } = newOneTimeToken();
            mailToken = token;
            const invitation = await manager.getRepository(InvitationEntity).save({
              tenantId,
              email,
              role: input.role,
              tokenHash: hash,
              invitedBy: caller.userId!,
              expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
            });
            return { invitationId: invitation.id };
          },
        ),
      );
      if ('conflict' in outcome) {
        return {
          invitation: null,
          errors: [IDEMPOTENCY_KEY_REUSED],
        };
      }
      if ('refusal' in outcome.result) return { invitation: null, errors: [outcome.result.refusal as UserError] };
      const invitationId = outcome.result.invitationId as string;
      const invitation = await database.transaction(tenantId, (manager) =>
        manager.getRepository(InvitationEntity).findOneByOrFail({ id: invitationId }),
      );
      if (mailToken) {
        await mailer.send({
          to: email,
          subject: 'You are invited to Go Coffee',
          text: `You are invited to join as ${input.role}. Accept within ${INVITATION_DAYS} days with the acceptInvitation mutation and this code:\n\n${mailToken}`,
        });
      }
      return { invitation, errors: [] };
    },

    /** Joins the tenant: a new account, or an existing one proved by its password. Signs in. */
    async accept(input: AcceptInvitationInput): Promise<SessionResult> {
      if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > 200) {
        return sessionFailure(
          userError('WEAK_PASSWORD', `The password must be ${MIN_PASSWORD_LENGTH} to 200 characters`, ['password']),
        );
      }
      const outcome = await database.system(async (manager) => {
        const invitations = manager.getRepository(InvitationEntity);
        const invitation = await invitations.findOne({
          where: { tokenHash: hashToken(input.token), acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) },
          lock: { mode: 'pessimistic_write' },
        });
        if (!invitation) return INVALID_INVITATION;
        const users = manager.getRepository(UserEntity);
        const existing = await users
          .createQueryBuilder('user')
          .addSelect('user.passwordHash')
          .where('user.email = :email', { email: invitation.email })
          .getOne();
        if (existing && !(await verifyPassword(input.password, existing.passwordHash))) {
          return userError('INVALID_CREDENTIALS', 'This email has an account: use its password', ['password']);
        }
        const user =
          existing ??
          (await users.save({
            email: invitation.email,
            name: input.name.trim() || invitation.email,
            passwordHash: await hashPassword(input.password),
          }));
        await manager
          .createQueryBuilder()
          .insert()
          .into(MembershipEntity)
          .values({ tenantId: invitation.tenantId, userId: user.id, role: invitation.role })
          .orIgnore()
          .execute();
        await invitations.update({ id: invitation.id }, { acceptedAt: new Date() });
        const tenant = await manager.getRepository(TenantEntity).findOneByOrFail({ id: invitation.tenantId });
        return sessions.start(manager, user.id, tenant, invitation.role);
      });
      return 'code' in outcome ? sessionFailure(outcome) : { ...outcome, errors: [] };
    },
  };
}

/**
 * Already a member, or no room left on the tier: the reason, or null when the invitation may go.
 * The tier's user limit counts staff; customers take no seat.
 */
async function checkRoomFor(
  manager: EntityManager,
  tenantId: string,
  email: string,
  role: Role,
): Promise<UserError | null> {
  const member = await manager
    .getRepository(MembershipEntity)
    .createQueryBuilder('membership')
    .innerJoin(UserEntity.options.name, 'user', 'user.id = membership.userId')
    .where('user.email = :email', { email })
    .getExists();
  if (member) return userError('ALREADY_MEMBER', 'This person is already a member', ['email']);
  const tenant = await manager.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
  const limit = planOf(tenant).limits.users;
  if (limit === null || role === 'CUSTOMER') return null;
  const members = await countStaff(manager, tenantId);
  const pending = await manager
    .getRepository(InvitationEntity)
    .countBy({ tenantId, role: Not('CUSTOMER'), acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) });
  if (members + pending < limit) return null;
  return userError(
    'QUOTA_EXCEEDED',
    `The ${planOf(tenant).tier} tier allows ${limit} users; ${members} members and ${pending} pending invitations use them all`,
    ['email'],
  );
}
