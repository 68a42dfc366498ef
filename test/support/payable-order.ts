import { expect } from 'vitest';
import { OrderPaymentsDocument, PlaceOrderDocument, type GoCoffeeClient } from '../../client-sdk/index.ts';
import type { MenuFixture } from './menu-fixtures.ts';
import { eventually } from './eventually.ts';

export interface PayableOrderOptions {
  customer: GoCoffeeClient;
  /** Staff who can read the order's payments. */
  staff: GoCoffeeClient;
  menu: MenuFixture;
  storeId: string;
  idempotencyKey: string;
}

/** The order's payments as staff see them through the gateway. */
export const orderPayments = async (staff: GoCoffeeClient, orderId: string) =>
  (await staff.request(OrderPaymentsDocument, { id: orderId })).order!;

/** A customer's order of two small oat lattes, once the payments service has heard of it (UNPAID). */
export async function placePayableOrder({ customer, staff, menu, storeId, idempotencyKey }: PayableOrderOptions) {
  const { placeOrder } = await customer.request(PlaceOrderDocument, {
    input: {
      storeId,
      idempotencyKey,
      lines: [
        { productId: menu.latte.id, variantId: menu.latte.small, quantity: 2, modifierOptionIds: [menu.milk.oat] },
      ],
    },
  });
  expect(placeOrder.errors).toEqual([]);
  const order = placeOrder.order!;
  await eventually(async () => expect((await orderPayments(staff, order.id)).paymentStatus).toBe('UNPAID'));
  return order;
}
