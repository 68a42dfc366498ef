import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { IDEMPOTENCY_KEY_REUSED, once } from '../../common/database/idempotency.ts';
import type { Page } from '../../common/graphql/connection.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { newApiKey, parseApiKey } from '../../common/identity/api-key-format.ts';
import { SCOPES, type Identity, type Scope } from '../../common/identity/identity.ts';
import { ApiKeyEntity, type ApiKey } from './api-key.entity.ts';
import { TenantEntity } from './tenant.entity.ts';
import { planOf } from './tenant-plan.ts';

export interface CreateApiKeyInput {
  name: string;
  scopes: string[];
  expiresAt?: Date | null;
  idempotencyKey: string;
}

export interface ApiKeyIdentity {
  keyId: string;
  tenantId: string;
  scopes: Scope[];
  tier: string;
}

/** How stale `lastUsedAt` may get before a use writes it again. */
const LAST_USED_RESOLUTION_MS = 60_000;
const hashOf = (secret: string) => createHash('sha256').update(secret).digest();

export const apiKeyService = {
  findPage(manager: EntityManager, page: Page): Promise<[ApiKey[], number]> {
    return manager
      .getRepository(ApiKeyEntity)
      .findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, skip: page.offset, take: page.limit });
  },

  /** The secret is returned once, here; only its hash is kept. A replay returns the key without it. */
  async create(
    manager: EntityManager,
    caller: Identity,
    input: CreateApiKeyInput,
  ): Promise<{ apiKey: ApiKey | null; secret: string | null; errors: UserError[] }> {
    const errors = validate(input);
    if (errors.length > 0) return { apiKey: null, secret: null, errors };
    const { idempotencyKey, ...request } = input;
    let secret: string | null = null;
    const outcome = await once(
      manager,
      { tenantId: caller.tenantId!, operation: 'createApiKey', key: idempotencyKey, request },
      async () => {
        const generated = newApiKey();
        secret = generated.key;
        const saved = await manager.getRepository(ApiKeyEntity).save({
          tenantId: caller.tenantId!,
          name: input.name.trim(),
          prefix: generated.prefix,
          secretHash: hashOf(generated.secret).toString('base64url'),
          scopes: [...new Set(input.scopes)],
          expiresAt: input.expiresAt ?? null,
          createdBy: caller.userId!,
        });
        return { apiKeyId: saved.id };
      },
    );
    if ('conflict' in outcome) {
      return {
        apiKey: null,
        secret: null,
        errors: [IDEMPOTENCY_KEY_REUSED],
      };
    }
    const apiKey = await manager.getRepository(ApiKeyEntity).findOneByOrFail({ id: outcome.result.apiKeyId });
    return { apiKey, secret, errors: [] };
  },

  async revoke(manager: EntityManager, id: string): Promise<{ apiKey: ApiKey | null; errors: UserError[] }> {
    const repository = manager.getRepository(ApiKeyEntity);
    const apiKey = await repository.findOneBy({ id });
    if (!apiKey) return { apiKey: null, errors: [userError('NOT_FOUND', 'No such API key', ['id'])] };
    if (!apiKey.revokedAt) await repository.update({ id }, { revokedAt: new Date() });
    return { apiKey: await repository.findOneByOrFail({ id }), errors: [] };
  },
};

/** Checks a presented key; cross-tenant by nature (the key says which tenant), so it runs as the system. */
export async function verifyApiKey(database: Database, key: string): Promise<ApiKeyIdentity | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  return database.system(async (manager) => {
    const repository = manager.getRepository(ApiKeyEntity);
    const stored = await repository
      .createQueryBuilder('key')
      .addSelect('key.secretHash')
      .where('key.prefix = :prefix', { prefix: parsed.prefix })
      .getOne();
    if (!stored || !timingSafeEqual(Buffer.from(stored.secretHash, 'base64url'), hashOf(parsed.secret))) return null;
    const now = new Date();
    if (stored.revokedAt || (stored.expiresAt && stored.expiresAt <= now)) return null;
    if (!stored.lastUsedAt || now.getTime() - stored.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await repository.update({ id: stored.id }, { lastUsedAt: now });
    }
    const tenant = await manager.getRepository(TenantEntity).findOneByOrFail({ id: stored.tenantId });
    return { keyId: stored.id, tenantId: stored.tenantId, scopes: stored.scopes as Scope[], tier: planOf(tenant).tier };
  });
}

function validate(input: CreateApiKeyInput): UserError[] {
  const errors: UserError[] = [];
  if (!input.name.trim() || input.name.length > 100) {
    errors.push(userError('INVALID_NAME', 'The name must be 1 to 100 characters', ['name']));
  }
  const unknown = input.scopes.filter((scope) => !SCOPES.includes(scope as Scope));
  if (input.scopes.length === 0 || unknown.length > 0) {
    errors.push(
      userError(
        'INVALID_SCOPES',
        `Scopes must be some of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
        ['scopes'],
      ),
    );
  }
  if (input.expiresAt && input.expiresAt <= new Date()) {
    errors.push(userError('INVALID_EXPIRY', 'The expiry must be in the future', ['expiresAt']));
  }
  return errors;
}
