import { In, type EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../common/database/idempotency.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import type { Page } from '../../common/graphql/connection.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { isCurrencyCode } from '../../common/money/money.ts';
import { isTimeZone } from '../../common/time/zoned-time.ts';
import { EVERY_DAY_7_TO_19, validateOpeningHours } from './opening-hours.ts';
import { storeCreated } from './store.events.ts';
import { StoreEntity, type OpeningHours, type Store } from './store.entity.ts';

interface StoreSettings {
  name?: string | null;
  city?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  taxRateBasisPoints?: number | null;
  pricesIncludeTax?: boolean | null;
  requiresPaymentBeforeAccept?: boolean | null;
  openingHours?: OpeningHours[] | null;
}

export interface CreateStoreInput extends StoreSettings {
  name: string;
  timezone: string;
  currency: string;
  idempotencyKey: string;
}

export interface UpdateStoreInput extends StoreSettings {
  storeId: string;
}

export type StoreResult = { store: Store | null; errors: UserError[] };

export const storeService = {
  async findPage(manager: EntityManager, page: Page): Promise<[Store[], number]> {
    return manager
      .getRepository(StoreEntity)
      .findAndCount({ order: { createdAt: 'ASC', id: 'ASC' }, skip: page.offset, take: page.limit });
  },

  findByIds(manager: EntityManager, ids: readonly string[]): Promise<Store[]> {
    return manager.getRepository(StoreEntity).findBy({ id: In([...ids]) });
  },

  async create(manager: EntityManager, tenantId: string, input: CreateStoreInput): Promise<StoreResult> {
    const errors = [
      ...validateIdentity(input),
      ...validateSettings(input),
      ...validateIdempotencyKey(input.idempotencyKey),
    ];
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
          address: fields.address?.trim() || null,
          latitude: fields.latitude ?? null,
          longitude: fields.longitude ?? null,
          taxRateBasisPoints: fields.taxRateBasisPoints ?? 0,
          pricesIncludeTax: fields.pricesIncludeTax ?? false,
          requiresPaymentBeforeAccept: fields.requiresPaymentBeforeAccept ?? false,
          openingHours: fields.openingHours ?? EVERY_DAY_7_TO_19,
        });
        await recordEvents(manager, [storeCreated(store)]);
        return { storeId: store.id };
      },
    );
    if ('conflict' in outcome) return { store: null, errors: [IDEMPOTENCY_KEY_REUSED] };
    const store = await manager.getRepository(StoreEntity).findOneByOrFail({ id: outcome.result.storeId });
    return { store, errors: [] };
  },

  async update(manager: EntityManager, input: UpdateStoreInput): Promise<StoreResult> {
    const stores = manager.getRepository(StoreEntity);
    const store = await stores.findOneBy({ id: input.storeId });
    if (!store) return { store: null, errors: [userError('NOT_FOUND', 'No such store', ['storeId'])] };
    const errors = validateSettings(input);
    if (errors.length > 0) return { store: null, errors };
    const { storeId, ...settings } = input;
    const changes = Object.fromEntries(
      Object.entries(settings).filter(([, value]) => value !== undefined && value !== null),
    ) as Partial<Store>;
    if (changes.name) changes.name = changes.name.trim();
    await stores.update({ id: storeId }, changes);
    return { store: await stores.findOneByOrFail({ id: storeId }), errors: [] };
  },
};

function validateIdentity(input: CreateStoreInput): UserError[] {
  const errors: UserError[] = [];
  if (!isTimeZone(input.timezone)) {
    errors.push(userError('INVALID_TIMEZONE', `${input.timezone} is not an IANA time zone`, ['timezone']));
  }
  if (!isCurrencyCode(input.currency.toUpperCase())) {
    errors.push(userError('INVALID_CURRENCY', `${input.currency} is not an ISO-4217 currency code`, ['currency']));
  }
  return errors;
}

function validateSettings(input: StoreSettings): UserError[] {
  const errors: UserError[] = [];
  if (input.name !== undefined && input.name !== null && (!input.name.trim() || input.name.length > 120)) {
    errors.push(userError('INVALID_NAME', 'The name must be 1 to 120 characters', ['name']));
  }
  const rate = input.taxRateBasisPoints;
  if (rate !== undefined && rate !== null && (!Number.isInteger(rate) || rate < 0 || rate > 10_000)) {
    errors.push(userError('INVALID_TAX_RATE', 'The tax rate is 0 to 10000 basis points', ['taxRateBasisPoints']));
  }
  if (input.latitude != null && !(Math.abs(input.latitude) <= 90)) {
    errors.push(userError('INVALID_COORDINATES', 'Latitude is -90 to 90', ['latitude']));
  }
  if (input.longitude != null && !(Math.abs(input.longitude) <= 180)) {
    errors.push(userError('INVALID_COORDINATES', 'Longitude is -180 to 180', ['longitude']));
  }
  if (input.openingHours) errors.push(...validateOpeningHours(input.openingHours));
  return errors;
}
