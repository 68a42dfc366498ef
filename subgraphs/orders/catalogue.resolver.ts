import { refusable } from '../../common/graphql/user-error.ts';
import { moneyList } from '../../common/money/money.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';
import { catalogueService } from './catalogue.service.ts';
import type { ModifierGroup } from './modifier-group.entity.ts';
import { menuService } from './menu.service.ts';

export const catalogueResolvers: Resolvers = {
  Query: {
    menu: (_, { storeId }, ctx) => ctx.transaction((manager) => menuService.findForStore(manager, storeId)),
    menuCategories: (_, __, ctx) => ctx.transaction((manager) => catalogueService.findCategories(manager)),
    product: (_, { id }, ctx) => ctx.loaders.product.load(id),
    modifierGroups: (_, __, ctx) => ctx.transaction((manager) => catalogueService.findModifierGroups(manager)),
  },
  Mutation: {
    createMenuCategory: (_, { input }, ctx) =>
      refusable(() =>
        ctx.transaction((manager) => catalogueService.createCategory(manager, ctx.identity.tenantId!, input)),
      ),
    createModifierGroup: (_, { input }, ctx) =>
      ctx.transaction((manager) => catalogueService.createModifierGroup(manager, ctx.identity.tenantId!, input)),
    createProduct: (_, { input }, ctx) =>
      ctx.transaction((manager) => catalogueService.createProduct(manager, ctx.identity.tenantId!, input)),
    setStoreProduct: (_, { input }, ctx) =>
      ctx.transaction((manager) => menuService.setStoreProduct(manager, ctx.identity.tenantId!, input)),
  },
  MenuCategory: {
    products: (category, _, ctx) => ctx.loaders.productsByCategory.load(category.id),
  },
  Product: {
    __resolveReference: ({ id }, ctx) => ctx.loaders.product.load(id),
    category: (product, _, ctx) => (product.categoryId ? ctx.loaders.category.load(product.categoryId) : null),
    variants: (product, _, ctx) => ctx.loaders.variantsByProduct.load(product.id),
    modifierGroups: async (product, _, ctx) => {
      const groups = await ctx.loaders.modifierGroup.loadMany(product.modifierGroupIds);
      const failure = groups.find((group) => group instanceof Error);
      if (failure) throw failure;
      return groups.filter((group): group is ModifierGroup => group !== null);
    },
  },
  ProductVariant: {
    prices: (variant) => moneyList(variant.prices),
  },
  ModifierGroup: {
    options: (group, _, ctx) => ctx.loaders.optionsByGroup.load(group.id),
  },
  ModifierOption: {
    priceDeltas: (option) => moneyList(option.priceDeltas),
  },
  StoreMenuItem: {
    category: (item, _, ctx) => (item.product.categoryId ? ctx.loaders.category.load(item.product.categoryId) : null),
  },
};
