import { UpdateStoreDocument, type GoCoffeeClient, type OrderLineInput } from '../../client-sdk/index.ts';

const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

/** Opens the store around the clock, so a benchmark can place orders whatever the hour there. */
export async function openAllDay(client: GoCoffeeClient, storeId: string): Promise<void> {
  await client.request(UpdateStoreDocument, { input: { storeId, openingHours: ALL_DAY } });
}

/** Two lines of the seeded menu that the store sells, with the fewest modifier choices each allows. */
export async function orderableLines(
  url: string,
  headers: Record<string, string>,
  storeId: string,
): Promise<OrderLineInput[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      query: `query ($storeId: ID!) { menu(storeId: $storeId) { available product { id modifierGroups { minSelections options { id } } } variants { available variant { id } } } }`,
      variables: { storeId },
    }),
  });
  const { data } = (await response.json()) as { data: { menu: MenuItem[] } };
  const items = data.menu.filter((item) => item.available).slice(0, 2);
  if (items.length === 0) throw new Error('the demo menu has nothing available');
  return items.map((item) => ({
    productId: item.product.id,
    variantId: item.variants.find((variant) => variant.available)!.variant.id,
    quantity: 1,
    modifierOptionIds: item.product.modifierGroups.flatMap((group) =>
      group.options.slice(0, group.minSelections).map((option) => option.id),
    ),
  }));
}

interface MenuItem {
  available: boolean;
  product: { id: string; modifierGroups: { minSelections: number; options: { id: string }[] }[] };
  variants: { available: boolean; variant: { id: string } }[];
}
