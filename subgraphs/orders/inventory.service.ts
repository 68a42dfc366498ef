import { In, type EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../common/database/idempotency.ts';
import { isUuid } from '../../common/database/uuid.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import { userError, UserErrorRejection, type UserError } from '../../common/graphql/user-error.ts';
import {
  IngredientEntity,
  RecipeComponentEntity,
  StockLevelEntity,
  type Ingredient,
  type RecipeComponent,
  type StockLevel,
} from './ingredient.entity.ts';
import { inventoryLow } from './inventory.events.ts';
import { ModifierOptionEntity } from './modifier-group.entity.ts';
import { ProductVariantEntity } from './product.entity.ts';
import { StoreEntity } from './store.entity.ts';

export interface CreateIngredientInput {
  name: string;
  unit: string;
  idempotencyKey: string;
}

export interface SetRecipeInput {
  variantId?: string | null;
  modifierOptionId?: string | null;
  components: { ingredientId: string; quantity: number }[];
}

export interface RestockInput {
  storeId: string;
  ingredientId: string;
  quantity: number;
  lowStockThreshold?: number | null;
  idempotencyKey: string;
}

/** One line of an order as the kitchen makes it: a variant, its chosen options, how many. */
export interface StockItem {
  variantId: string;
  modifierOptionIds: string[];
  quantity: number;
}

export interface Shortage {
  ingredientId: string;
  name: string;
  needed: number;
  available: number;
}

/** The largest stock a level can hold (a PostgreSQL integer). */
const MAX_QUANTITY = 2_147_483_647;
const MAX_RECIPE_COMPONENTS = 50;

export const inventoryService = {
  findIngredients(manager: EntityManager): Promise<Ingredient[]> {
    return manager.getRepository(IngredientEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  },

  /** The store's tracked ingredients, by name; none for a store the caller cannot see. */
  async findStockLevels(manager: EntityManager, storeId: string): Promise<StockLevel[]> {
    if (!isUuid(storeId)) return [];
    return manager
      .getRepository(StockLevelEntity)
      .createQueryBuilder('level')
      .innerJoin(IngredientEntity.options.name, 'ingredient', 'ingredient.id = level.ingredientId')
      .where('level.storeId = :storeId', { storeId })
      .orderBy('ingredient.name', 'ASC')
      .addOrderBy('ingredient.id', 'ASC')
      .getMany();
  },

  findStockLevel(manager: EntityManager, storeId: string, ingredientId: string): Promise<StockLevel | null> {
    return manager.getRepository(StockLevelEntity).findOneBy({ storeId, ingredientId });
  },

  async createIngredient(
    manager: EntityManager,
    tenantId: string,
    input: CreateIngredientInput,
  ): Promise<{ ingredient: Ingredient | null; errors: UserError[] }> {
    const request = { name: input.name.trim(), unit: input.unit.trim() };
    const errors = [...validateIngredient(request), ...validateIdempotencyKey(input.idempotencyKey)];
    if (errors.length > 0) return { ingredient: null, errors };
    const claim = { tenantId, operation: 'createIngredient', key: input.idempotencyKey, request };
    const outcome = await once(manager, claim, async () => {
      const ingredientId = await insertIngredient(manager, tenantId, request);
      if (!ingredientId) {
        throw new UserErrorRejection([
          userError('NAME_TAKEN', `There is already an ingredient named ${request.name}`, ['name']),
        ]);
      }
      return { ingredientId };
    });
    if ('conflict' in outcome) return { ingredient: null, errors: [IDEMPOTENCY_KEY_REUSED] };
    const ingredient = await manager
      .getRepository(IngredientEntity)
      .findOneByOrFail({ id: outcome.result.ingredientId });
    return { ingredient, errors: [] };
  },

  /** Replaces what one item of a variant, or one choice of a modifier option, uses. */
  async setRecipe(
    manager: EntityManager,
    input: SetRecipeInput,
  ): Promise<{ components: RecipeComponent[] | null; errors: UserError[] }> {
    const errors = validateRecipe(input);
    if (errors.length > 0) return { components: null, errors };
    const owner = await lockRecipeOwner(manager, input);
    if (!owner) {
      const field = input.variantId != null ? 'variantId' : 'modifierOptionId';
      const what = input.variantId != null ? 'product variant' : 'modifier option';
      return { components: null, errors: [userError('NOT_FOUND', `No such ${what}`, [field])] };
    }
    const known = await existingIngredientIds(
      manager,
      input.components.map((component) => component.ingredientId),
    );
    const unknown = input.components.flatMap((component, index) =>
      known.has(component.ingredientId)
        ? []
        : [userError('NOT_FOUND', 'No such ingredient', ['components', String(index), 'ingredientId'])],
    );
    if (unknown.length > 0) return { components: null, errors: unknown };

    const recipes = manager.getRepository(RecipeComponentEntity);
    await recipes.delete(
      owner.variantId ? { variantId: owner.variantId } : { modifierOptionId: owner.modifierOptionId! },
    );
    if (input.components.length === 0) return { components: [], errors: [] };
    const components = await recipes.save(
      input.components.map((component) => ({
        tenantId: owner.tenantId,
        variantId: owner.variantId,
        modifierOptionId: owner.modifierOptionId,
        ingredientId: component.ingredientId,
        quantity: component.quantity,
      })),
    );
    return { components, errors: [] };
  },

  /** Adds what arrived to the store's stock, creating the level if the store did not track it yet. */
  async restock(
    manager: EntityManager,
    input: RestockInput,
  ): Promise<{ stockLevel: StockLevel | null; errors: UserError[] }> {
    const errors: UserError[] = [];
    if (!isPositiveInteger(input.quantity)) {
      errors.push(userError('INVALID_QUANTITY', 'The quantity must be a whole number above 0', ['quantity']));
    }
    const threshold = input.lowStockThreshold ?? null;
    if (threshold !== null && !(Number.isInteger(threshold) && threshold >= 0)) {
      errors.push(
        userError('INVALID_THRESHOLD', 'The threshold must be a whole number, 0 or more', ['lowStockThreshold']),
      );
    }
    const store = isUuid(input.storeId)
      ? await manager.getRepository(StoreEntity).findOneBy({ id: input.storeId })
      : null;
    if (!store) errors.push(userError('NOT_FOUND', 'No such store', ['storeId']));
    const known = await existingIngredientIds(manager, [input.ingredientId]);
    if (!known.has(input.ingredientId)) errors.push(userError('NOT_FOUND', 'No such ingredient', ['ingredientId']));
    errors.push(...validateIdempotencyKey(input.idempotencyKey));
    if (errors.length > 0 || !store) return { stockLevel: null, errors };

    const { idempotencyKey, ...request } = input;
    const claim = { tenantId: store.tenantId, operation: 'restock', key: idempotencyKey, request };
    const outcome = await once(manager, claim, () => addStock(manager, store, input, threshold));
    if ('conflict' in outcome) return { stockLevel: null, errors: [IDEMPOTENCY_KEY_REUSED] };
    if (!outcome.result.added) {
      throw new UserErrorRejection([
        userError('QUANTITY_TOO_LARGE', `A stock level holds at most ${MAX_QUANTITY}`, ['quantity']),
      ]);
    }
    const stockLevel = await manager
      .getRepository(StockLevelEntity)
      .findOneByOrFail({ storeId: store.id, ingredientId: input.ingredientId });
    return { stockLevel, errors: [] };
  },

  /**
   * The variants the store cannot make one of now: an ingredient of the recipe is tracked at the
   * store and has less than one item needs. Untracked ingredients never limit anything.
   */
  async unavailableVariants(manager: EntityManager, storeId: string, variantIds: string[]): Promise<Set<string>> {
    const ids = [...new Set(variantIds.filter(isUuid))];
    if (!isUuid(storeId) || ids.length === 0) return new Set();
    const rows: { variant_id: string }[] = await manager.query(
      `SELECT DISTINCT need.variant_id
         FROM (SELECT variant_id, ingredient_id, sum(quantity) AS needed
                 FROM ${tableOf(manager, RecipeComponentEntity)}
                WHERE variant_id = ANY($2::uuid[])
                GROUP BY variant_id, ingredient_id) AS need
         JOIN ${tableOf(manager, StockLevelEntity)} AS level
           ON level.ingredient_id = need.ingredient_id AND level.store_id = $1
        WHERE level.quantity < need.needed`,
      [storeId, ids],
    );
    return new Set(rows.map((row) => row.variant_id));
  },

  /**
   * Takes what the items need of every ingredient the store tracks, all or nothing. The levels are
   * locked first, so concurrent orders queue for them instead of overselling. A level that falls to
   * or below its threshold here records InventoryLow in the same transaction.
   */
  async consume(manager: EntityManager, storeId: string, items: StockItem[]): Promise<{ shortages: Shortage[] }> {
    const needs = await ingredientNeeds(manager, items);
    const levels = await lockLevels(manager, storeId, [...needs.keys()]);
    const shortages = levels
      .filter((level) => level.quantity < needs.get(level.ingredientId)!)
      .map((level) => ({
        ingredientId: level.ingredientId,
        name: level.name,
        needed: needs.get(level.ingredientId)!,
        available: level.quantity,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (shortages.length > 0) return { shortages };

    await adjustLevels(
      manager,
      storeId,
      levels.map((level) => ({ ingredientId: level.ingredientId, delta: -needs.get(level.ingredientId)! })),
    );
    const crossed = levels.flatMap((level) => {
      const quantity = level.quantity - needs.get(level.ingredientId)!;
      return level.quantity > level.threshold && quantity <= level.threshold ? [{ ...level, quantity }] : [];
    });
    await recordEvents(
      manager,
      crossed.map((level) =>
        inventoryLow(level.tenantId, {
          storeId,
          ingredientId: level.ingredientId,
          ingredientName: level.name,
          quantity: level.quantity,
          threshold: level.threshold,
        }),
      ),
    );
    return { shortages: [] };
  },

  /** Gives back what consume took for these items, as the recipes and tracked levels are now. */
  async restore(manager: EntityManager, storeId: string, items: StockItem[]): Promise<void> {
    const needs = await ingredientNeeds(manager, items);
    const levels = await lockLevels(manager, storeId, [...needs.keys()]);
    await adjustLevels(
      manager,
      storeId,
      levels.map((level) => ({ ingredientId: level.ingredientId, delta: needs.get(level.ingredientId)! })),
    );
  },
};

const tableOf = (manager: EntityManager, entity: Parameters<EntityManager['getRepository']>[0]) =>
  manager.getRepository(entity).metadata.tablePath;

const isPositiveInteger = (value: number) => Number.isInteger(value) && value > 0;

function validateIngredient({ name, unit }: { name: string; unit: string }): UserError[] {
  const errors: UserError[] = [];
  if (!name || name.length > 120)
    errors.push(userError('INVALID_NAME', 'The name must be 1 to 120 characters', ['name']));
  if (!unit || unit.length > 20)
    errors.push(userError('INVALID_UNIT', 'The unit must be 1 to 20 characters', ['unit']));
  return errors;
}

/** Inserts the ingredient unless the tenant has one of that name in any letter case; its id, or null. */
async function insertIngredient(
  manager: EntityManager,
  tenantId: string,
  { name, unit }: { name: string; unit: string },
): Promise<string | null> {
  const ingredients = tableOf(manager, IngredientEntity);
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO ${ingredients} (tenant_id, name, unit)
     SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM ${ingredients} WHERE lower(name) = lower($2))
     ON CONFLICT ON CONSTRAINT ingredients_tenant_name_key DO NOTHING
     RETURNING id`,
    [tenantId, name, unit],
  );
  return inserted[0]?.id ?? null;
}

function validateRecipe(input: SetRecipeInput): UserError[] {
  const errors: UserError[] = [];
  if ((input.variantId == null) === (input.modifierOptionId == null)) {
    errors.push(
      userError('INVALID_RECIPE_TARGET', 'Give exactly one of variantId and modifierOptionId', ['variantId']),
    );
  }
  if (input.components.length > MAX_RECIPE_COMPONENTS) {
    errors.push(
      userError('TOO_MANY_COMPONENTS', `A recipe has at most ${MAX_RECIPE_COMPONENTS} ingredients`, ['components']),
    );
  }
  const seen = new Set<string>();
  input.components.forEach((component, index) => {
    if (!isPositiveInteger(component.quantity)) {
      errors.push(
        userError('INVALID_QUANTITY', 'The quantity must be a whole number above 0', [
          'components',
          String(index),
          'quantity',
        ]),
      );
    }
    if (seen.has(component.ingredientId)) {
      errors.push(
        userError('DUPLICATE_INGREDIENT', 'Each ingredient appears once in a recipe', [
          'components',
          String(index),
          'ingredientId',
        ]),
      );
    }
    seen.add(component.ingredientId);
  });
  return errors;
}

type RecipeOwner = { tenantId: string; variantId: string | null; modifierOptionId: string | null };

/** The variant or option whose recipe this is, locked so concurrent replacements of it take turns. */
async function lockRecipeOwner(manager: EntityManager, input: SetRecipeInput): Promise<RecipeOwner | null> {
  const lock = { mode: 'pessimistic_write' } as const;
  if (input.variantId != null) {
    const id = input.variantId;
    const variant = isUuid(id)
      ? await manager.getRepository(ProductVariantEntity).findOne({ where: { id }, lock })
      : null;
    return variant && { tenantId: variant.tenantId, variantId: id, modifierOptionId: null };
  }
  const id = input.modifierOptionId!;
  const option = isUuid(id) ? await manager.getRepository(ModifierOptionEntity).findOne({ where: { id }, lock }) : null;
  return option && { tenantId: option.tenantId, variantId: null, modifierOptionId: id };
}

async function existingIngredientIds(manager: EntityManager, ids: string[]): Promise<Set<string>> {
  const candidates = [...new Set(ids.filter(isUuid))];
  if (candidates.length === 0) return new Set();
  const found = await manager.getRepository(IngredientEntity).findBy({ id: In(candidates) });
  return new Set(found.map((ingredient) => ingredient.id));
}

/** How much of each ingredient the items use: each variant's recipe and each chosen option's, times the quantity. */
async function ingredientNeeds(manager: EntityManager, items: StockItem[]): Promise<Map<string, number>> {
  for (const item of items) {
    if (!isPositiveInteger(item.quantity)) throw new Error(`An item's quantity must be above 0, not ${item.quantity}`);
  }
  const variantIds = [...new Set(items.map((item) => item.variantId).filter(isUuid))];
  const optionIds = [...new Set(items.flatMap((item) => item.modifierOptionIds).filter(isUuid))];
  const where = [
    ...(variantIds.length > 0 ? [{ variantId: In(variantIds) }] : []),
    ...(optionIds.length > 0 ? [{ modifierOptionId: In(optionIds) }] : []),
  ];
  if (where.length === 0) return new Map();
  const components = await manager.getRepository(RecipeComponentEntity).find({ where });
  const recipes = new Map<string, RecipeComponent[]>();
  for (const component of components) {
    const owner = (component.variantId ?? component.modifierOptionId)!;
    recipes.set(owner, [...(recipes.get(owner) ?? []), component]);
  }
  const needs = new Map<string, number>();
  for (const item of items) {
    for (const owner of [item.variantId, ...item.modifierOptionIds]) {
      for (const component of recipes.get(owner) ?? []) {
        needs.set(
          component.ingredientId,
          (needs.get(component.ingredientId) ?? 0) + component.quantity * item.quantity,
        );
      }
    }
  }
  return needs;
}

interface LockedLevel {
  tenantId: string;
  ingredientId: string;
  name: string;
  quantity: number;
  threshold: number;
}

/**
 * The store's levels of these ingredients, locked until the transaction ends. Always in ingredient
 * order, so two transactions locking overlapping sets wait for each other instead of deadlocking.
 */
async function lockLevels(manager: EntityManager, storeId: string, ingredientIds: string[]): Promise<LockedLevel[]> {
  if (!isUuid(storeId) || ingredientIds.length === 0) return [];
  const rows: { tenant_id: string; ingredient_id: string; name: string; quantity: number; threshold: number }[] =
    await manager.query(
      `SELECT level.tenant_id, level.ingredient_id, ingredient.name, level.quantity,
              level.low_stock_threshold AS threshold
         FROM ${tableOf(manager, StockLevelEntity)} AS level
         JOIN ${tableOf(manager, IngredientEntity)} AS ingredient ON ingredient.id = level.ingredient_id
        WHERE level.store_id = $1 AND level.ingredient_id = ANY($2::uuid[])
        ORDER BY level.ingredient_id
        FOR UPDATE OF level`,
      [storeId, ingredientIds],
    );
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    ingredientId: row.ingredient_id,
    name: row.name,
    quantity: row.quantity,
    threshold: row.threshold,
  }));
}

/** Changes locked levels by each delta; a level never rises past what it can hold. */
async function adjustLevels(
  manager: EntityManager,
  storeId: string,
  changes: { ingredientId: string; delta: number }[],
): Promise<void> {
  if (changes.length === 0) return;
  await manager.query(
    `UPDATE ${tableOf(manager, StockLevelEntity)} AS level
        SET quantity = LEAST(level.quantity + change.delta, ${MAX_QUANTITY}), updated_at = now()
       FROM unnest($2::uuid[], $3::bigint[]) AS change (ingredient_id, delta)
      WHERE level.store_id = $1 AND level.ingredient_id = change.ingredient_id`,
    [storeId, changes.map((change) => change.ingredientId), changes.map((change) => change.delta)],
  );
}

/** Adds to a store's level (creating it), unless that would pass what a level holds. */
async function addStock(
  manager: EntityManager,
  store: { id: string; tenantId: string },
  input: RestockInput,
  threshold: number | null,
): Promise<{ added: boolean }> {
  const added: unknown[] = await manager.query(
    `INSERT INTO ${tableOf(manager, StockLevelEntity)} AS level (tenant_id, store_id, ingredient_id, quantity, low_stock_threshold)
     VALUES ($1, $2, $3, $4, COALESCE($5::int, 0))
     ON CONFLICT (store_id, ingredient_id) DO UPDATE
       SET quantity = level.quantity + EXCLUDED.quantity,
           low_stock_threshold = COALESCE($5::int, level.low_stock_threshold),
           updated_at = now()
       WHERE level.quantity::bigint + EXCLUDED.quantity <= ${MAX_QUANTITY}
     RETURNING 1`,
    [store.tenantId, store.id, input.ingredientId, input.quantity, threshold],
  );
  return { added: added.length > 0 };
}
