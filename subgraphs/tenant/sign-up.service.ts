import { recordEvents } from '../../common/events/outbox.ts';
import type { Database } from '../../common/database/database.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { timeZoneErrors } from '../../common/time/time-zone-input.ts';
import { TRIAL_DAYS } from '../../common/tiers.ts';
import { sessionFailure, type SessionResult, type SessionService } from './session.service.ts';
import { MembershipEntity } from './membership.entity.ts';
import { hashPassword } from './password.ts';
import { tenantCreated } from './tenant.events.ts';
import { TenantEntity } from './tenant.entity.ts';
import { UserEntity } from './user.entity.ts';

export interface SignUpInput {
  companyName: string;
  slug: string;
  name: string;
  email: string;
  password: string;
  timeZone?: string | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 10;

/** A new coffee company: its tenant on a trial, and its first user as OWNER. */
export function createSignUpService(database: Database, sessions: SessionService) {
  return {
    async signUp(input: SignUpInput): Promise<SessionResult> {
      const email = input.email.trim().toLowerCase();
      const slug = input.slug.trim().toLowerCase();
      const errors = validate({ ...input, email, slug });
      if (errors.length > 0) return { accessToken: null, refreshToken: null, expiresAt: null, errors };

      const passwordHash = await hashPassword(input.password);
      const created = await database.system(async (manager) => {
        if (await manager.getRepository(TenantEntity).existsBy({ slug })) {
          return userError('SLUG_TAKEN', `The address ${slug} is taken`, ['slug']);
        }
        if (await manager.getRepository(UserEntity).existsBy({ email })) {
          return userError('EMAIL_TAKEN', 'An account with this email exists: sign in and create the company from it', [
            'email',
          ]);
        }
        const tenant = await manager.getRepository(TenantEntity).save({
          slug,
          name: input.companyName.trim(),
          status: 'TRIAL',
          tier: 'FREE',
          trialEndsAt: new Date(Date.now() + TRIAL_DAYS * 86_400_000),
          timeZone: input.timeZone ?? 'UTC',
        });
        const user = await manager.getRepository(UserEntity).save({ email, name: input.name.trim(), passwordHash });
        await manager.getRepository(MembershipEntity).insert({ tenantId: tenant.id, userId: user.id, role: 'OWNER' });
        await recordEvents(manager, [tenantCreated(tenant, user.id)]);
        return sessions.start(manager, user.id, tenant, 'OWNER');
      });
      return 'code' in created ? sessionFailure(created) : { ...created, errors: [] };
    },
  };
}

function validate(input: SignUpInput): UserError[] {
  const errors: UserError[] = [];
  if (!input.companyName.trim() || input.companyName.length > 120) {
    errors.push(userError('INVALID_COMPANY_NAME', 'The company name must be 1 to 120 characters', ['companyName']));
  }
  if (!SLUG.test(input.slug)) {
    errors.push(userError('INVALID_SLUG', 'The address must be 3 to 40 lowercase letters, digits or dashes', ['slug']));
  }
  if (!input.name.trim() || input.name.length > 120) {
    errors.push(userError('INVALID_NAME', 'Your name must be 1 to 120 characters', ['name']));
  }
  if (!EMAIL.test(input.email) || input.email.length > 254) {
    errors.push(userError('INVALID_EMAIL', 'This is not an email address', ['email']));
  }
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > 200) {
    errors.push(
      userError('WEAK_PASSWORD', `The password must be ${MIN_PASSWORD_LENGTH} to 200 characters`, ['password']),
    );
  }
  if (input.timeZone != null) errors.push(...timeZoneErrors(input.timeZone));
  return errors;
}
