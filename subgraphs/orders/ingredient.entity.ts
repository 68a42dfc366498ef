import { EntitySchema } from 'typeorm';

export interface Ingredient {
  id: string;
  tenantId: string;
  name: string;
  unit: string;
  createdAt: Date;
}

/** What one item of a variant, or one choice of a modifier option, uses of an ingredient. */
export interface RecipeComponent {
  id: string;
  tenantId: string;
  variantId: string | null;
  modifierOptionId: string | null;
  ingredientId: string;
  quantity: number;
}

export interface StockLevel {
  tenantId: string;
  storeId: string;
  ingredientId: string;
  quantity: number;
  lowStockThreshold: number;
  updatedAt: Date;
}

export const IngredientEntity = new EntitySchema<Ingredient>({
  name: 'Ingredient',
  tableName: 'ingredients',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    name: { type: 'text' },
    unit: { type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  uniques: [{ name: 'ingredients_tenant_name_key', columns: ['tenantId', 'name'] }],
});

export const RecipeComponentEntity = new EntitySchema<RecipeComponent>({
  name: 'RecipeComponent',
  tableName: 'recipe_components',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    variantId: { name: 'variant_id', type: 'uuid', nullable: true },
    modifierOptionId: { name: 'modifier_option_id', type: 'uuid', nullable: true },
    ingredientId: { name: 'ingredient_id', type: 'uuid' },
    quantity: { type: 'int' },
  },
  indices: [
    { name: 'recipe_components_variant_idx', columns: ['variantId'] },
    { name: 'recipe_components_option_idx', columns: ['modifierOptionId'] },
  ],
  checks: [
    { name: 'recipe_components_one_owner', expression: `(variant_id IS NULL) <> (modifier_option_id IS NULL)` },
    { name: 'recipe_components_positive', expression: `quantity > 0` },
  ],
});

export const StockLevelEntity = new EntitySchema<StockLevel>({
  name: 'StockLevel',
  tableName: 'stock_levels',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid' },
    storeId: { name: 'store_id', type: 'uuid', primary: true },
    ingredientId: { name: 'ingredient_id', type: 'uuid', primary: true },
    quantity: { type: 'int' },
    lowStockThreshold: { name: 'low_stock_threshold', type: 'int', default: 0 },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
  checks: [{ name: 'stock_levels_not_negative', expression: `quantity >= 0` }],
});
