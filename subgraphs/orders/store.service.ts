import { In, type EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once } from '../../common/database/idempotency.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import type { Page } from '../../common/graphql/connection.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { storeCreated } from './store.events.ts';
import { StoreEntity, type Store } from './store.entity.ts';

export interface CreateStoreInput {
  name: string;
  timezone: string;
  currency: string;
  city?: string | null;
  idempotencyKey: string;
}

export type CreateStoreResult = { store: Store | null; errors: UserError[] };

export const storeService = {
  async findPage(manager: EntityManager, page: Page): Promise<[Store[], number]> {
    return manager
      .getRepository(StoreEntity)
      .findAndCount({ order: { createdAt: 'ASC', id: 'ASC' }, skip: page.offset, take: page.limit });
  },

  findByIds(manager: EntityManager, ids: readonly string[]): Promise<Store[]> {
    return manager.getRepository(StoreEntity).findBy({ id: In([...ids]) });
  },

  async create(manager: EntityManager, tenantId: string, input: CreateStoreInput): Promise<CreateStoreResult> {
    const errors = validateStore(input);
    if (errors.length > 0) return { store: null, errors };
    const { idempotencyKey, ...fields } = input;
    const outcome = await once(
      manager,
      { tenantId, operation: 'createStore', key: idempotencyKey, request: fields },
      async () => {
        const store = await manager.getRepository(StoreEntity).save({
          tenantId,
          name: fields.name.trim(),
          timezone: fields.timezone,
          currency: fields.currency.toUpperCase(),
          city: fields.city?.trim() || null,
        });
        await recordEvents(manager, [storeCreated(store)]);
        return { storeId: store.id };
      },
    );
    if ('conflict' in outcome) {
      return {
        store: null,
        errors: [IDEMPOTENCY_KEY_REUSED],
      };
    }
    const store = await manager.getRepository(StoreEntity).findOneByOrFail({ id: outcome.result.storeId });
    return { store, errors: [] };
  },
};

function validateStore(input: CreateStoreInput): UserError[] {
  const errors: UserError[] = [];
  if (!input.name.trim() || input.name.length > 120) {
    errors.push(userError('INVALID_NAME', 'The name must be 1 to 120 characters', ['name']));
  }
  if (!isTimeZone(input.timezone)) {
    errors.push(userError('INVALID_TIMEZONE', `${input.timezone} is not an IANA time zone`, ['timezone']));
  }
  if (!Intl.supportedValuesOf('currency').includes(input.currency.toUpperCase())) {
    errors.push(userError('INVALID_CURRENCY', `${input.currency} is not an ISO-4217 currency code`, ['currency']));
  }
  if (!input.idempotencyKey.trim() || input.idempotencyKey.length > 200) {
    errors.push(
      userError('INVALID_IDEMPOTENCY_KEY', 'The idempotency key must be 1 to 200 characters', ['idempotencyKey']),
    );
  }
  return errors;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
