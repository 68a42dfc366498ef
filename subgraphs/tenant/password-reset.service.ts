import { IsNull, MoreThan } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { hashToken, newOneTimeToken } from '../../common/identity/one-time-token.ts';
import type { Mailer } from '../../common/mail/mailer.ts';
import type { RateLimiter } from '../../common/rate-limit/rate-limiter.ts';
import { hashPassword } from './password.ts';
import { PasswordResetEntity } from './password-reset.entity.ts';
import type { SessionService } from './session.service.ts';
import { MIN_PASSWORD_LENGTH } from './sign-up.service.ts';
import { UserEntity } from './user.entity.ts';

export const RESET_TOKEN_MINUTES = 60;
/** Reset mails per address per hour: enough for a typo, too few to flood someone's inbox. */
export const RESET_MAILS_PER_HOUR = 3;

/** Password reset by a single-use, one-hour token sent to the account's email. */
export function createPasswordResetService(
  database: Database,
  mailer: Mailer,
  sessions: SessionService,
  rateLimiter: RateLimiter,
) {
  return {
    /** Answers the same whether or not the account exists, so it reveals nothing. */
    async request(email: string): Promise<{ errors: UserError[] }> {
      const address = email.trim().toLowerCase();
      const allowed = await rateLimiter.hit(`password-reset:${address}`, RESET_MAILS_PER_HOUR, 3600);
      if (!allowed.allowed) return { errors: [] };
      const token = await database.system(async (manager) => {
        const user = await manager.getRepository(UserEntity).findOneBy({ email: address });
        if (!user) return null;
        const { token: secret, hash } = newOneTimeToken();
        await manager.getRepository(PasswordResetEntity).insert({
          userId: user.id,
          tokenHash: hash,
          expiresAt: new Date(Date.now() + RESET_TOKEN_MINUTES * 60_000),
        });
        return secret;
      });
      if (token) {
        await mailer.send({
          to: address,
          subject: 'Reset your Go Coffee password',
          text: `Set a new password within ${RESET_TOKEN_MINUTES} minutes with the resetPassword mutation and this code:\n\n${token}\n\nIf you did not ask for this, ignore this mail.`,
        });
      }
      return { errors: [] };
    },

    /** Sets the new password, uses up the token, and signs the account out everywhere. */
    async reset(token: string, password: string): Promise<{ errors: UserError[] }> {
      if (password.length < MIN_PASSWORD_LENGTH || password.length > 200) {
        return {
          errors: [
            userError('WEAK_PASSWORD', `The password must be ${MIN_PASSWORD_LENGTH} to 200 characters`, ['password']),
          ],
        };
      }
      const passwordHash = await hashPassword(password);
      const done = await database.system(async (manager) => {
        const resets = manager.getRepository(PasswordResetEntity);
        const reset = await resets.findOne({
          where: { tokenHash: hashToken(token), usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
          lock: { mode: 'pessimistic_write' },
        });
        if (!reset) return false;
        await resets.update({ id: reset.id }, { usedAt: new Date() });
        await manager.getRepository(UserEntity).update({ id: reset.userId }, { passwordHash });
        await sessions.endAllOf(manager, reset.userId);
        return true;
      });
      return done
        ? { errors: [] }
        : { errors: [userError('INVALID_RESET_TOKEN', 'This code is unknown, used or expired', ['token'])] };
    },
  };
}
