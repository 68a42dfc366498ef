import { demoId, type DemoTenant } from '../../common/demo.ts';
import type { MenuCategory } from './menu-category.entity.ts';
import type { ModifierGroup, ModifierOption } from './modifier-group.entity.ts';
import type { PriceList, Product, ProductVariant } from './product.entity.ts';
import { EVERY_DAY_7_TO_19 } from './opening-hours.ts';
import type { StoreProduct } from './store-product.entity.ts';
import type { OpeningHours, Store } from './store.entity.ts';

/** The demo chain's menu: what a coffee chain sells, priced in each demo store's currency. */

type Prices = [usd: number, gbp: number, jpy: number, eur: number];
const priceList = ([USD, GBP, JPY, EUR]: Prices): PriceList => ({ USD, GBP, JPY, EUR });

/** What the order history needs to know of a product beyond the menu. */
export type DrinkKind = 'espresso' | 'filter' | 'cold' | 'tea' | 'pastry';

interface DemoProduct {
  key: string;
  category: string;
  name: string;
  description: string;
  tags: string[];
  allergens: string[];
  variants: [name: string, prices: Prices][];
  modifiers: string[];
  kind: DrinkKind;
  /** How often it is ordered, relative to the rest of its kind. */
  popularity: number;
  /** Seconds the bar needs for one. */
  prepSeconds: number;
}

const CATEGORIES: [key: string, name: string][] = [
  ['espresso', 'Espresso drinks'],
  ['filter', 'Filter coffee'],
  ['cold', 'Cold coffee'],
  ['tea', 'Tea'],
  ['pastries', 'Pastries'],
];

interface DemoGroup {
  key: string;
  name: string;
  min: number;
  max: number;
  /** How often a customer chooses from it at all, for the order history. */
  chance: number;
  /** Name, price delta, and how often it is the one chosen. */
  options: [name: string, prices: Prices | null, share: number][];
}

const GROUPS: DemoGroup[] = [
  {
    key: 'milk',
    name: 'Milk',
    min: 0,
    max: 1,
    chance: 0.38,
    options: [
      ['Whole milk', null, 5],
      ['Skimmed milk', null, 12],
      ['Oat milk', [70, 50, 80, 50], 52],
      ['Almond milk', [70, 50, 80, 50], 16],
      ['Soy milk', [60, 45, 60, 40], 15],
    ],
  },
  {
    key: 'shots',
    name: 'Extra shots',
    min: 0,
    max: 1,
    chance: 0.14,
    options: [
      ['One extra shot', [90, 70, 100, 70], 80],
      ['Two extra shots', [180, 140, 200, 140], 20],
    ],
  },
  {
    key: 'syrups',
    name: 'Syrups',
    min: 0,
    max: 2,
    chance: 0.18,
    options: [
      ['Vanilla', [60, 50, 60, 50], 40],
      ['Caramel', [60, 50, 60, 50], 30],
      ['Hazelnut', [60, 50, 60, 50], 20],
      ['Sugar-free vanilla', [60, 50, 60, 50], 10],
    ],
  },
  { key: 'decaf', name: 'Decaf', min: 0, max: 1, chance: 0.07, options: [['Decaf (Swiss water)', null, 1]] },
];

const SIZES = (small: Prices, medium: Prices, large: Prices): DemoProduct['variants'] => [
  ['Small', small],
  ['Medium', medium],
  ['Large', large],
];

const PRODUCTS: DemoProduct[] = [
  {
    key: 'espresso',
    category: 'espresso',
    name: 'Espresso',
    description: 'Our house blend, pulled short: chocolate, cherry, a long finish.',
    tags: ['hot', 'coffee'],
    allergens: [],
    variants: [
      ['Single', [300, 240, 350, 230]],
      ['Double', [360, 290, 420, 280]],
    ],
    modifiers: ['decaf'],
    kind: 'espresso',
    popularity: 5,
    prepSeconds: 60,
  },
  {
    key: 'americano',
    category: 'espresso',
    name: 'Americano',
    description: 'Two shots over hot water.',
    tags: ['hot', 'coffee', 'dairy-free'],
    allergens: [],
    variants: SIZES([345, 290, 400, 290], [395, 330, 450, 330], [445, 370, 500, 370]),
    modifiers: ['shots', 'syrups', 'decaf'],
    kind: 'espresso',
    popularity: 12,
    prepSeconds: 75,
  },
  {
    key: 'cortado',
    category: 'espresso',
    name: 'Cortado',
    description: 'A double shot cut with an equal measure of warm milk.',
    tags: ['hot', 'coffee'],
    allergens: ['milk'],
    variants: [['Regular', [425, 340, 480, 340]]],
    modifiers: ['milk', 'decaf'],
    kind: 'espresso',
    popularity: 4,
    prepSeconds: 100,
  },
  {
    key: 'flat-white',
    category: 'espresso',
    name: 'Flat White',
    description: 'A ristretto double under a thin layer of velvety milk.',
    tags: ['hot', 'coffee'],
    allergens: ['milk'],
    variants: [['Regular', [475, 370, 520, 380]]],
    modifiers: ['milk', 'shots', 'decaf'],
    kind: 'espresso',
    popularity: 10,
    prepSeconds: 120,
  },
  {
    key: 'cappuccino',
    category: 'espresso',
    name: 'Cappuccino',
    description: 'Espresso with steamed milk and a deep cap of foam.',
    tags: ['hot', 'coffee'],
    allergens: ['milk'],
    variants: SIZES([445, 340, 460, 340], [495, 380, 510, 380], [545, 420, 560, 420]),
    modifiers: ['milk', 'shots', 'syrups', 'decaf'],
    kind: 'espresso',
    popularity: 14,
    prepSeconds: 130,
  },
  {
    key: 'latte',
    category: 'espresso',
    name: 'Caffè Latte',
    description: 'Espresso with plenty of steamed milk and a little foam.',
    tags: ['hot', 'coffee'],
    allergens: ['milk'],
    variants: SIZES([465, 350, 480, 360], [515, 390, 530, 400], [565, 430, 580, 440]),
    modifiers: ['milk', 'shots', 'syrups', 'decaf'],
    kind: 'espresso',
    popularity: 20,
    prepSeconds: 130,
  },
  {
    key: 'mocha',
    category: 'espresso',
    name: 'Mocha',
    description: 'Espresso, dark chocolate and steamed milk.',
    tags: ['hot', 'coffee', 'chocolate'],
    allergens: ['milk', 'soy'],
    variants: SIZES([525, 390, 540, 410], [575, 430, 590, 450], [625, 470, 640, 490]),
    modifiers: ['milk', 'shots', 'decaf'],
    kind: 'espresso',
    popularity: 6,
    prepSeconds: 150,
  },
  {
    key: 'batch-brew',
    category: 'filter',
    name: 'Batch Brew',
    description: "Today's filter coffee, brewed fresh every half hour.",
    tags: ['hot', 'coffee', 'dairy-free'],
    allergens: [],
    variants: SIZES([295, 260, 380, 260], [345, 295, 430, 295], [395, 330, 480, 330]),
    modifiers: ['milk'],
    kind: 'filter',
    popularity: 10,
    prepSeconds: 30,
  },
  {
    key: 'pour-over',
    category: 'filter',
    name: 'Pour Over',
    description: 'A single origin brewed by hand, one cup at a time.',
    tags: ['hot', 'coffee', 'single-origin', 'dairy-free'],
    allergens: [],
    variants: [['Regular', [550, 450, 650, 480]]],
    modifiers: [],
    kind: 'filter',
    popularity: 2,
    prepSeconds: 240,
  },
  {
    key: 'cold-brew',
    category: 'cold',
    name: 'Cold Brew',
    description: 'Steeped for eighteen hours, served over ice.',
    tags: ['cold', 'coffee', 'dairy-free'],
    allergens: [],
    variants: [
      ['Medium', [495, 380, 520, 400]],
      ['Large', [545, 430, 580, 450]],
    ],
    modifiers: ['milk', 'syrups'],
    kind: 'cold',
    popularity: 7,
    prepSeconds: 40,
  },
  {
    key: 'iced-latte',
    category: 'cold',
    name: 'Iced Latte',
    description: 'Espresso and cold milk over ice.',
    tags: ['cold', 'coffee'],
    allergens: ['milk'],
    variants: [
      ['Medium', [525, 400, 560, 420]],
      ['Large', [575, 440, 620, 460]],
    ],
    modifiers: ['milk', 'shots', 'syrups', 'decaf'],
    kind: 'cold',
    popularity: 7,
    prepSeconds: 90,
  },
  {
    // On tap in Seattle and Tokyo only: no price in pounds or euros, so not on sale in London or Berlin.
    key: 'nitro',
    category: 'cold',
    name: 'Nitro Cold Brew',
    description: 'Cold brew poured from the tap with nitrogen: creamy, no milk.',
    tags: ['cold', 'coffee', 'dairy-free'],
    allergens: [],
    variants: [['Regular', [575, 0, 620, 0]]],
    modifiers: [],
    kind: 'cold',
    popularity: 3,
    prepSeconds: 30,
  },
  {
    key: 'breakfast-tea',
    category: 'tea',
    name: 'English Breakfast',
    description: 'A brisk Assam and Ceylon blend, by the pot.',
    tags: ['hot', 'tea'],
    allergens: [],
    variants: [['Pot', [325, 260, 450, 280]]],
    modifiers: ['milk'],
    kind: 'tea',
    popularity: 4,
    prepSeconds: 45,
  },
  {
    key: 'earl-grey',
    category: 'tea',
    name: 'Earl Grey',
    description: 'Black tea with bergamot, by the pot.',
    tags: ['hot', 'tea'],
    allergens: [],
    variants: [['Pot', [325, 260, 450, 280]]],
    modifiers: ['milk'],
    kind: 'tea',
    popularity: 2,
    prepSeconds: 45,
  },
  {
    key: 'sencha',
    category: 'tea',
    name: 'Sencha',
    description: 'Steamed Japanese green tea, grassy and sweet.',
    tags: ['hot', 'tea', 'dairy-free'],
    allergens: [],
    variants: [['Pot', [350, 290, 480, 300]]],
    modifiers: [],
    kind: 'tea',
    popularity: 2,
    prepSeconds: 45,
  },
  {
    key: 'chai',
    category: 'tea',
    name: 'Chai Latte',
    description: 'Spiced black tea with steamed milk.',
    tags: ['hot', 'tea'],
    allergens: ['milk'],
    variants: SIZES([475, 360, 500, 380], [525, 400, 550, 420], [575, 440, 600, 460]),
    modifiers: ['milk', 'syrups'],
    kind: 'tea',
    popularity: 4,
    prepSeconds: 110,
  },
  {
    key: 'matcha',
    category: 'tea',
    name: 'Matcha Latte',
    description: 'Ceremonial-grade matcha whisked into steamed milk.',
    tags: ['hot', 'tea'],
    allergens: ['milk'],
    variants: SIZES([525, 390, 520, 420], [575, 430, 570, 460], [625, 470, 620, 500]),
    modifiers: ['milk', 'syrups'],
    kind: 'tea',
    popularity: 4,
    prepSeconds: 120,
  },
  {
    key: 'croissant',
    category: 'pastries',
    name: 'Butter Croissant',
    description: 'Laminated with French butter, baked every morning.',
    tags: ['bakery', 'vegetarian'],
    allergens: ['gluten', 'milk', 'egg'],
    variants: [['Each', [375, 260, 320, 240]]],
    modifiers: [],
    kind: 'pastry',
    popularity: 10,
    prepSeconds: 20,
  },
  {
    key: 'pain-au-chocolat',
    category: 'pastries',
    name: 'Pain au Chocolat',
    description: 'Croissant dough around two batons of dark chocolate.',
    tags: ['bakery', 'vegetarian'],
    allergens: ['gluten', 'milk', 'egg', 'soy'],
    variants: [['Each', [425, 290, 360, 270]]],
    modifiers: [],
    kind: 'pastry',
    popularity: 7,
    prepSeconds: 20,
  },
  {
    key: 'almond-croissant',
    category: 'pastries',
    name: 'Almond Croissant',
    description: 'Twice baked with frangipane and flaked almonds.',
    tags: ['bakery', 'vegetarian'],
    allergens: ['gluten', 'milk', 'egg', 'nuts'],
    variants: [['Each', [475, 340, 420, 320]]],
    modifiers: [],
    kind: 'pastry',
    popularity: 5,
    prepSeconds: 20,
  },
  {
    key: 'blueberry-muffin',
    category: 'pastries',
    name: 'Blueberry Muffin',
    description: 'Bursting with blueberries under a crumble top.',
    tags: ['bakery', 'vegetarian'],
    allergens: ['gluten', 'milk', 'egg'],
    variants: [['Each', [395, 280, 340, 280]]],
    modifiers: [],
    kind: 'pastry',
    popularity: 5,
    prepSeconds: 15,
  },
  {
    key: 'cinnamon-bun',
    category: 'pastries',
    name: 'Cinnamon Bun',
    description: 'Cardamom dough rolled with cinnamon butter.',
    tags: ['bakery', 'vegetarian'],
    allergens: ['gluten', 'milk', 'egg'],
    variants: [['Each', [450, 320, 380, 300]]],
    modifiers: [],
    kind: 'pastry',
    popularity: 5,
    prepSeconds: 20,
  },
  {
    key: 'banana-bread',
    category: 'pastries',
    name: 'Banana Bread',
    description: 'A thick slice, with walnuts.',
    tags: ['bakery', 'vegetarian'],
    allergens: ['gluten', 'milk', 'egg', 'nuts'],
    variants: [['Slice', [395, 300, 350, 290]]],
    modifiers: [],
    kind: 'pastry',
    popularity: 4,
    prepSeconds: 15,
  },
];

export interface DemoStoreSettings {
  address: string;
  latitude: number;
  longitude: number;
  taxRateBasisPoints: number;
  pricesIncludeTax: boolean;
  openingHours: OpeningHours[];
}

const days = (from: number, to: number, opens: string, closes: string): OpeningHours[] =>
  Array.from({ length: to - from + 1 }, (_, index) => ({ dayOfWeek: from + index, opens, closes }));

/** Tax and hours as each demo store's city has them, by store id. */
export const DEMO_STORE_SETTINGS: Record<string, DemoStoreSettings> = {
  // Seattle: sales tax of 10.35% on top of the menu price.
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f001': {
    address: '1400 2nd Ave, Seattle, WA 98101',
    latitude: 47.6089,
    longitude: -122.3385,
    taxRateBasisPoints: 1035,
    pricesIncludeTax: false,
    openingHours: [...days(1, 5, '06:00', '19:00'), ...days(6, 6, '07:00', '18:00'), ...days(7, 7, '08:00', '17:00')],
  },
  // London: 20% VAT included in the price.
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f002': {
    address: '120 Shoreditch High Street, London E1 6JE',
    latitude: 51.5256,
    longitude: -0.0776,
    taxRateBasisPoints: 2000,
    pricesIncludeTax: true,
    openingHours: [...days(1, 5, '07:00', '18:30'), ...days(6, 7, '08:00', '18:00')],
  },
  // Tokyo: 10% consumption tax included; open late every day.
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f003': {
    address: '2-24-1 Dogenzaka, Shibuya-ku, Tokyo 150-0043',
    latitude: 35.6591,
    longitude: 139.6986,
    taxRateBasisPoints: 1000,
    pricesIncludeTax: true,
    openingHours: [...days(1, 5, '07:30', '21:00'), ...days(6, 7, '09:00', '21:00')],
  },
  // Berlin: 19% VAT included; closed on Sundays.
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f101': {
    address: 'Oranienstraße 180, 10999 Berlin',
    latitude: 52.5003,
    longitude: 13.4192,
    taxRateBasisPoints: 1900,
    pricesIncludeTax: true,
    openingHours: [...days(1, 5, '07:30', '18:00'), ...days(6, 6, '09:00', '18:00')],
  },
};

/** A store's own terms, by store id: Seattle has no pour-over bar; Shibuya sells matcha for less. */
const STORE_TERMS: Record<string, { product: string; available: boolean; prices?: number[] }[]> = {
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f001': [{ product: 'pour-over', available: false }],
  '8a1d2c3e-4f50-4a61-8b72-9c83d4e5f003': [{ product: 'matcha', available: true, prices: [480, 530, 580] }],
};

export interface DemoProductTraits {
  kind: DrinkKind;
  popularity: number;
  prepSeconds: number;
}

/** How customers use a modifier group: how often they choose from it, and each option's share. */
export interface DemoGroupHabit {
  chance: number;
  shares: Map<string, number>;
}

export interface DemoCatalogue {
  categories: MenuCategory[];
  groups: ModifierGroup[];
  options: ModifierOption[];
  products: Product[];
  variants: ProductVariant[];
  storeProducts: StoreProduct[];
  /** By product id. */
  traits: Map<string, DemoProductTraits>;
  /** By modifier group id. */
  habits: Map<string, DemoGroupHabit>;
}

/** The tenant's demo menu as rows, with fixed ids so seeding again finds what it seeded before. */
export function demoCatalogue(tenant: DemoTenant): DemoCatalogue {
  const tenantId = tenant.id;
  const id = (name: string) => demoId(`${tenant.slug}:menu:${name}`);
  const createdAt = new Date();
  const categories = CATEGORIES.map(([key, name], position) => ({
    id: id(`category:${key}`),
    tenantId,
    name,
    position,
    createdAt,
  }));
  const groups = GROUPS.map(({ key, name, min, max }) => ({
    id: id(`group:${key}`),
    tenantId,
    name,
    minSelections: min,
    maxSelections: max,
    createdAt,
  }));
  const options = GROUPS.flatMap(({ key, options: choices }) =>
    choices.map(([name, prices], position) => ({
      id: id(`group:${key}:${position}`),
      tenantId,
      groupId: id(`group:${key}`),
      name,
      priceDeltas: prices ? priceList(prices) : {},
      position,
    })),
  );
  const products = PRODUCTS.map((product) => ({
    id: id(`product:${product.key}`),
    tenantId,
    categoryId: id(`category:${product.category}`),
    name: product.name,
    description: product.description,
    imageUrl: null,
    tags: product.tags,
    allergens: product.allergens,
    modifierGroupIds: product.modifiers.map((key) => id(`group:${key}`)),
    position: PRODUCTS.filter((other) => other.category === product.category).indexOf(product),
    createdAt,
  }));
  const variants = PRODUCTS.flatMap((product) =>
    product.variants.map(([name, prices], position) => ({
      id: id(`product:${product.key}:${position}`),
      tenantId,
      productId: id(`product:${product.key}`),
      name,
      // A zero stands for "not sold in that currency".
      prices: Object.fromEntries(Object.entries(priceList(prices)).filter(([, amount]) => amount > 0)),
      position,
    })),
  );
  const storeProducts = tenant.stores.flatMap((store) =>
    (STORE_TERMS[store.id] ?? []).map(({ product, available, prices }) => ({
      tenantId,
      storeId: store.id,
      productId: id(`product:${product}`),
      available,
      prices: Object.fromEntries((prices ?? []).map((amount, index) => [id(`product:${product}:${index}`), amount])),
    })),
  );
  const traits = new Map(
    PRODUCTS.map(({ key, kind, popularity, prepSeconds }) => [id(`product:${key}`), { kind, popularity, prepSeconds }]),
  );
  const habits = new Map(
    GROUPS.map(({ key, chance, options: choices }) => [
      id(`group:${key}`),
      { chance, shares: new Map(choices.map(([, , share], position) => [id(`group:${key}:${position}`), share])) },
    ]),
  );
  return { categories, groups, options, products, variants, storeProducts, traits, habits };
}

/** A demo store's row with its city's tax and hours. */
export function demoStore(tenant: DemoTenant, store: DemoTenant['stores'][number]): Omit<Store, 'createdAt'> {
  const settings = DEMO_STORE_SETTINGS[store.id];
  return {
    ...store,
    tenantId: tenant.id,
    address: settings?.address ?? null,
    latitude: settings?.latitude ?? null,
    longitude: settings?.longitude ?? null,
    taxRateBasisPoints: settings?.taxRateBasisPoints ?? 0,
    pricesIncludeTax: settings?.pricesIncludeTax ?? false,
    requiresPaymentBeforeAccept: false,
    openingHours: settings?.openingHours ?? EVERY_DAY_7_TO_19,
  };
}
