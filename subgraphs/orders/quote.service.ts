import { In, type EntityManager } from 'typeorm';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { taxTotals, type TaxedTotals } from '../../common/money/tax.ts';
import { ModifierGroupEntity, ModifierOptionEntity, type ModifierOption } from './modifier-group.entity.ts';
import type { OrderLine } from './order.entity.ts';
import { lineTotal, modifierPrice, storePrice } from './pricing.ts';
import { ProductEntity, ProductVariantEntity, type Product } from './product.entity.ts';
import { StoreProductEntity } from './store-product.entity.ts';
import { StoreEntity, type Store } from './store.entity.ts';

export const MAX_LINES = 50;
export const MAX_QUANTITY = 99;

export interface OrderLineInput {
  productId: string;
  variantId: string;
  quantity: number;
  modifierOptionIds?: string[] | null;
}

/** A line as an order would store it, with its product for the quote's answer. */
export type PricedLine = Omit<OrderLine, 'id' | 'tenantId' | 'orderId' | 'position'> & { product: Product };

export interface Quote extends TaxedTotals {
  store: Store;
  currency: string;
  lines: PricedLine[];
  pricesIncludeTax: boolean;
  itemCount: number;
}

export type QuoteResult = { quote: Quote; errors: [] } | { quote: null; errors: UserError[] };

/** Variants a store cannot make now; the inventory decides. */
export type AvailabilityCheck = (manager: EntityManager, storeId: string, variantIds: string[]) => Promise<Set<string>>;

/**
 * Prices lines at a store exactly as an order would be charged, checking that every product,
 * variant and modifier choice is valid and sold there. Reads only; nothing is written.
 */
export async function quoteLines(
  manager: EntityManager,
  storeId: string,
  lines: OrderLineInput[],
  unavailableVariants: AvailabilityCheck,
): Promise<QuoteResult> {
  const shapeErrors = validateShape(lines);
  if (shapeErrors.length > 0) return { quote: null, errors: shapeErrors };
  const store = await manager.getRepository(StoreEntity).findOneBy({ id: storeId });
  if (!store) return { quote: null, errors: [userError('NOT_FOUND', 'No such store', ['storeId'])] };

  const productIds = unique(lines.map((line) => line.productId));
  const optionIds = unique(lines.flatMap((line) => line.modifierOptionIds ?? []));
  // One after another: a transaction is one connection, which runs one query at a time.
  const products = await manager.getRepository(ProductEntity).findBy({ id: In(productIds) });
  const variants = await manager.getRepository(ProductVariantEntity).findBy({ productId: In(productIds) });
  const storeProducts = await manager.getRepository(StoreProductEntity).findBy({ storeId, productId: In(productIds) });
  const options = optionIds.length
    ? await manager.getRepository(ModifierOptionEntity).findBy({ id: In(optionIds) })
    : [];
  const groupIds = unique(products.flatMap((product) => product.modifierGroupIds));
  const groups = groupIds.length ? await manager.getRepository(ModifierGroupEntity).findBy({ id: In(groupIds) }) : [];
  const unavailable = await unavailableVariants(manager, storeId, unique(lines.map((line) => line.variantId)));

  const errors: UserError[] = [];
  const priced: PricedLine[] = [];
  for (const [index, line] of lines.entries()) {
    const at = (...path: string[]) => ['lines', String(index), ...path];
    const product = products.find((candidate) => candidate.id === line.productId);
    if (!product) {
      errors.push(userError('UNKNOWN_PRODUCT', 'No such product', at('productId')));
      continue;
    }
    const variant = variants.find((candidate) => candidate.id === line.variantId && candidate.productId === product.id);
    if (!variant) {
      errors.push(userError('UNKNOWN_VARIANT', `${product.name} has no such variant`, at('variantId')));
      continue;
    }
    const storeProduct = storeProducts.find((candidate) => candidate.productId === product.id) ?? null;
    const basePrice = storePrice(store, variant, storeProduct);
    if (storeProduct?.available === false || basePrice === null || unavailable.has(variant.id)) {
      errors.push(
        userError('PRODUCT_UNAVAILABLE', `${product.name} (${variant.name}) is not available at ${store.name}`, at()),
      );
      continue;
    }
    const chosen = line.modifierOptionIds ?? [];
    const modifierErrors = checkModifiers(product, chosen, options, groups, at('modifierOptionIds'));
    if (modifierErrors.length > 0) {
      errors.push(...modifierErrors);
      continue;
    }
    const modifiers = chosen.map((optionId) => {
      const option = options.find((candidate) => candidate.id === optionId)!;
      return { optionId, name: option.name, priceDelta: modifierPrice(store, option) };
    });
    const deltas = modifiers.map((modifier) => modifier.priceDelta);
    const unitPrice = lineTotal(basePrice, deltas, 1);
    priced.push({
      product,
      productId: product.id,
      variantId: variant.id,
      productName: product.name,
      variantName: variant.name,
      quantity: line.quantity,
      unitPrice,
      modifiers,
      total: lineTotal(basePrice, deltas, line.quantity),
    });
  }
  if (errors.length > 0) return { quote: null, errors };

  const subtotal = priced.reduce((sum, line) => sum + line.total, 0);
  return {
    quote: {
      store,
      currency: store.currency,
      lines: priced,
      pricesIncludeTax: store.pricesIncludeTax,
      itemCount: priced.reduce((sum, line) => sum + line.quantity, 0),
      ...taxTotals(subtotal, store.taxRateBasisPoints, store.pricesIncludeTax),
    },
    errors: [],
  };
}

function validateShape(lines: OrderLineInput[]): UserError[] {
  if (lines.length === 0) return [userError('EMPTY_ORDER', 'An order needs at least one line', ['lines'])];
  if (lines.length > MAX_LINES) {
    return [userError('TOO_MANY_LINES', `An order has at most ${MAX_LINES} lines`, ['lines'])];
  }
  return lines.flatMap((line, index) =>
    Number.isInteger(line.quantity) && line.quantity >= 1 && line.quantity <= MAX_QUANTITY
      ? []
      : [
          userError('INVALID_QUANTITY', `The quantity must be 1 to ${MAX_QUANTITY}`, [
            'lines',
            String(index),
            'quantity',
          ]),
        ],
  );
}

/** Each option belongs to one of the product's groups, once, and each group's min/max holds. */
function checkModifiers(
  product: Product,
  chosen: string[],
  options: ModifierOption[],
  groups: { id: string; name: string; minSelections: number; maxSelections: number }[],
  field: string[],
): UserError[] {
  if (new Set(chosen).size !== chosen.length) {
    return [userError('INVALID_MODIFIER', 'A modifier option is chosen more than once', field)];
  }
  const foreign = chosen.find((optionId) => {
    const option = options.find((candidate) => candidate.id === optionId);
    return !option || !product.modifierGroupIds.includes(option.groupId);
  });
  if (foreign)
    return [userError('INVALID_MODIFIER', `That modifier option is not offered with ${product.name}`, field)];
  return groups
    .filter((group) => product.modifierGroupIds.includes(group.id))
    .flatMap((group) => {
      const count = chosen.filter(
        (optionId) => options.find((option) => option.id === optionId)!.groupId === group.id,
      ).length;
      if (count >= group.minSelections && count <= group.maxSelections) return [];
      const range =
        group.minSelections === group.maxSelections
          ? `exactly ${group.minSelections}`
          : `${group.minSelections} to ${group.maxSelections}`;
      return [userError('INVALID_MODIFIER_SELECTION', `Choose ${range} of ${group.name} for ${product.name}`, field)];
    });
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];
