import type { Database } from '../../common/database/database.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { hashPassword } from './password.ts';
import { MIN_PASSWORD_LENGTH } from './sign-up.service.ts';
import { UserEntity } from './user.entity.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface OperatorAccountInput {
  email: string;
  name: string;
  password: string;
}

/**
 * A platform operator's account (SUPERADMIN, in no tenant). Only the platform's own tooling calls
 * this (the demo seed, `npm run operator:create`); no API reaches it. An email that already has an
 * account is refused: operators are kept apart from the people of tenants.
 */
export async function createOperatorAccount(
  database: Database,
  input: OperatorAccountInput,
): Promise<{ userId: string } | UserError> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) return userError('INVALID_EMAIL', 'This is not an email address', ['email']);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    return userError('WEAK_PASSWORD', `The password must be at least ${MIN_PASSWORD_LENGTH} characters`, ['password']);
  }
  const passwordHash = await hashPassword(input.password);
  return database.system(async (manager) => {
    const users = manager.getRepository(UserEntity);
    if (await users.existsBy({ email }))
      return userError('EMAIL_TAKEN', 'An account with this email exists', ['email']);
    const { identifiers } = await users.insert({
      email,
      name: input.name.trim() || email,
      passwordHash,
      platformOperator: true,
    });
    return { userId: identifiers[0]!.id as string };
  });
}
