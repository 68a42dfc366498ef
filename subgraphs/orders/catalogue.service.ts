import { In, type EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../common/database/idempotency.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import { isUuid } from '../../common/database/uuid.ts';
import { userError, UserErrorRejection, type UserError } from '../../common/graphql/user-error.ts';
import { productCreated } from './catalogue.events.ts';
import {
  CATALOGUE_LIMITS,
  cleanLabels,
  optionalText,
  toPriceList,
  validateDistinctNames,
  validateImageUrl,
  validateLabels,
  validateMoneyList,
  validateName,
  validateOptionalText,
  validatePosition,
} from './catalogue-input.ts';
import { MenuCategoryEntity, type MenuCategory } from './menu-category.entity.ts';
import { ModifierGroupEntity, ModifierOptionEntity, type ModifierGroup } from './modifier-group.entity.ts';
import { ProductEntity, ProductVariantEntity, type Product } from './product.entity.ts';
import type {
  CreateMenuCategoryInput,
  CreateModifierGroupInput,
  CreateProductInput,
} from './__generated__/resolvers-types.ts';

export type CategoryResult = { category: MenuCategory | null; errors: UserError[] };
export type ModifierGroupResult = { modifierGroup: ModifierGroup | null; errors: UserError[] };
export type ProductResult = { product: Product | null; errors: UserError[] };

/** The tenant's menu: categories, modifier groups and products. Row-level security scopes every query. */
export const catalogueService = {
  findCategories(manager: EntityManager): Promise<MenuCategory[]> {
    return manager.getRepository(MenuCategoryEntity).find({ order: { position: 'ASC', name: 'ASC', id: 'ASC' } });
  },

  findModifierGroups(manager: EntityManager): Promise<ModifierGroup[]> {
    return manager.getRepository(ModifierGroupEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  },

  async createCategory(
    manager: EntityManager,
    tenantId: string,
    input: CreateMenuCategoryInput,
  ): Promise<CategoryResult> {
    const errors = [
      ...validateName(input.name, ['name']),
      ...validatePosition(input.position, ['position']),
      ...validateIdempotencyKey(input.idempotencyKey),
    ];
    if (errors.length > 0) return { category: null, errors };
    const { idempotencyKey, ...request } = input;
    const name = input.name.trim();
    const categories = manager.getRepository(MenuCategoryEntity);
    // A name already taken is found only after the key is claimed (a repeat must replay, not clash):
    // the refusal rolls the claim back too, so the same key can carry the corrected request.
    const claim = { tenantId, operation: 'createMenuCategory', key: idempotencyKey, request };
    const outcome = await once(manager, claim, async () => {
      const position = input.position ?? (await nextPosition(manager, MenuCategoryEntity));
      const inserted = await categories
        .createQueryBuilder()
        .insert()
        .values({ tenantId, name, position })
        .orIgnore()
        .returning('id')
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) {
        throw new UserErrorRejection([
          userError('DUPLICATE_NAME', `There is already a category called ${name}`, ['name']),
        ]);
      }
      return { categoryId: id };
    });
    if ('conflict' in outcome) return { category: null, errors: [IDEMPOTENCY_KEY_REUSED] };
    return { category: await categories.findOneByOrFail({ id: outcome.result.categoryId }), errors: [] };
  },

  async createModifierGroup(
    manager: EntityManager,
    tenantId: string,
    input: CreateModifierGroupInput,
  ): Promise<ModifierGroupResult> {
    const errors = [...validateModifierGroup(input), ...validateIdempotencyKey(input.idempotencyKey)];
    if (errors.length > 0) return { modifierGroup: null, errors };
    const { idempotencyKey, ...request } = input;
    const groups = manager.getRepository(ModifierGroupEntity);
    const outcome = await once(
      manager,
      { tenantId, operation: 'createModifierGroup', key: idempotencyKey, request },
      async () => {
        const group = await groups.save({
          tenantId,
          name: input.name.trim(),
          minSelections: input.minSelections,
          maxSelections: input.maxSelections,
        });
        await manager.getRepository(ModifierOptionEntity).insert(
          input.options.map((option, position) => ({
            tenantId,
            groupId: group.id,
            name: option.name.trim(),
            priceDeltas: toPriceList(option.priceDeltas),
            position,
          })),
        );
        return { modifierGroupId: group.id };
      },
    );
    if ('conflict' in outcome) return { modifierGroup: null, errors: [IDEMPOTENCY_KEY_REUSED] };
    return { modifierGroup: await groups.findOneByOrFail({ id: outcome.result.modifierGroupId }), errors: [] };
  },

  async createProduct(manager: EntityManager, tenantId: string, input: CreateProductInput): Promise<ProductResult> {
    const errors = [...validateProduct(input), ...validateIdempotencyKey(input.idempotencyKey)];
    if (errors.length === 0) errors.push(...(await validateReferences(manager, input)));
    if (errors.length > 0) return { product: null, errors };
    const { idempotencyKey, ...request } = input;
    const products = manager.getRepository(ProductEntity);
    const outcome = await once(
      manager,
      { tenantId, operation: 'createProduct', key: idempotencyKey, request },
      async () => {
        const categoryId = input.categoryId ?? null;
        const product = await products.save({
          tenantId,
          categoryId,
          name: input.name.trim(),
          description: optionalText(input.description),
          imageUrl: optionalText(input.imageUrl),
          tags: cleanLabels(input.tags),
          allergens: cleanLabels(input.allergens),
          modifierGroupIds: [...new Set(input.modifierGroupIds ?? [])],
          position: await nextPosition(manager, ProductEntity, categoryId),
        });
        const variants = await manager.getRepository(ProductVariantEntity).save(
          input.variants.map((variant, position) => ({
            tenantId,
            productId: product.id,
            name: variant.name.trim(),
            prices: toPriceList(variant.prices),
            position,
          })),
        );
        await recordEvents(manager, [productCreated(product, variants)]);
        return { productId: product.id };
      },
    );
    if ('conflict' in outcome) return { product: null, errors: [IDEMPOTENCY_KEY_REUSED] };
    return { product: await products.findOneByOrFail({ id: outcome.result.productId }), errors: [] };
  },
};

function validateModifierGroup(input: CreateModifierGroupInput): UserError[] {
  const { minSelections: min, maxSelections: max, options } = input;
  const errors = [...validateName(input.name, ['name'])];
  if (options.length === 0 || options.length > CATALOGUE_LIMITS.options) {
    errors.push(
      userError('INVALID_OPTIONS', `A modifier group has 1 to ${CATALOGUE_LIMITS.options} options`, ['options']),
    );
  }
  if (!Number.isInteger(min) || min < 0) {
    errors.push(userError('INVALID_SELECTIONS', 'minSelections is 0 or more', ['minSelections']));
  } else if (min > max) {
    errors.push(userError('INVALID_SELECTIONS', 'minSelections may not exceed maxSelections', ['minSelections']));
  }
  if (!Number.isInteger(max) || max < 1) {
    errors.push(userError('INVALID_SELECTIONS', 'maxSelections is 1 or more', ['maxSelections']));
  } else if (max > options.length) {
    errors.push(
      userError('INVALID_SELECTIONS', `maxSelections may not exceed the ${options.length} options`, ['maxSelections']),
    );
  }
  options.forEach((option, index) => {
    errors.push(...validateName(option.name, ['options', index, 'name']));
    errors.push(
      ...validateMoneyList(option.priceDeltas ?? [], ['options', index, 'priceDeltas'], 'INVALID_PRICE_DELTA'),
    );
  });
  errors.push(
    ...validateDistinctNames(
      options.map((option) => option.name),
      (index) => ['options', index, 'name'],
      'options',
    ),
  );
  return errors;
}

function validateProduct(input: CreateProductInput): UserError[] {
  const errors = [
    ...validateName(input.name, ['name']),
    ...validateOptionalText(input.description, 'description', CATALOGUE_LIMITS.description, 'INVALID_DESCRIPTION'),
    ...validateImageUrl(input.imageUrl),
    ...validateLabels(input.tags, 'tags', 'INVALID_TAG'),
    ...validateLabels(input.allergens, 'allergens', 'INVALID_ALLERGEN'),
  ];
  const { variants } = input;
  if (variants.length === 0 || variants.length > CATALOGUE_LIMITS.variants) {
    errors.push(
      userError('INVALID_VARIANTS', `A product has 1 to ${CATALOGUE_LIMITS.variants} variants`, ['variants']),
    );
  }
  variants.forEach((variant, index) => {
    errors.push(...validateName(variant.name, ['variants', index, 'name']));
    if (variant.prices.length === 0) {
      errors.push(
        userError('MISSING_PRICE', 'A variant needs a price in at least one currency', [
          'variants',
          String(index),
          'prices',
        ]),
      );
    }
    errors.push(...validateMoneyList(variant.prices, ['variants', index, 'prices'], 'INVALID_PRICE'));
  });
  errors.push(
    ...validateDistinctNames(
      variants.map((variant) => variant.name),
      (index) => ['variants', index, 'name'],
      'variants',
    ),
  );
  return errors;
}

/** The category and modifier groups a product names exist in the tenant (row-level security hides the rest). */
async function validateReferences(manager: EntityManager, input: CreateProductInput): Promise<UserError[]> {
  const errors: UserError[] = [];
  const { categoryId } = input;
  if (
    categoryId !== null &&
    categoryId !== undefined &&
    !(isUuid(categoryId) && (await manager.getRepository(MenuCategoryEntity).existsBy({ id: categoryId })))
  ) {
    errors.push(userError('NOT_FOUND', 'No such menu category', ['categoryId']));
  }
  const groupIds = input.modifierGroupIds ?? [];
  const valid = groupIds.filter(isUuid);
  const existing = valid.length
    ? await manager.getRepository(ModifierGroupEntity).find({ select: { id: true }, where: { id: In(valid) } })
    : [];
  const found = new Set(existing.map((group) => group.id));
  groupIds.forEach((id, index) => {
    if (!found.has(id))
      errors.push(userError('NOT_FOUND', 'No such modifier group', ['modifierGroupIds', String(index)]));
  });
  return errors;
}

/** One past the highest position among the tenant's rows (of one category, for products), so a new one goes last. */
async function nextPosition(
  manager: EntityManager,
  entity: typeof MenuCategoryEntity | typeof ProductEntity,
  categoryId?: string | null,
): Promise<number> {
  const query = manager
    .getRepository(entity)
    .createQueryBuilder('row')
    .select('COALESCE(MAX(row.position) + 1, 0)', 'next');
  if (categoryId !== undefined) {
    query.where(categoryId === null ? 'row.categoryId IS NULL' : 'row.categoryId = :categoryId', { categoryId });
  }
  const row = await query.getRawOne<{ next: number | string }>();
  return Number(row?.next ?? 0);
}
