import { pageOf, toConnection } from '../../common/graphql/connection.ts';
import { notFound } from '../../common/graphql/errors.ts';
import { refusable } from '../../common/graphql/user-error.ts';
import { money } from '../../common/money/money.ts';
import type { OrdersContext } from './context.ts';
import { orderTopic, storeOrdersTopic, type OrderChangedMessage } from './live-topics.ts';
import type { Order } from './order.entity.ts';
import { renewLoaders } from './loaders.ts';
import { inCurrency } from './order.models.ts';
import { seesAllOrders } from './order.service.ts';
import type { OrderAction } from './order-state-machine.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

const transition =
  (action: OrderAction) =>
  (_: unknown, { input }: { input: { orderId: string; reason?: string | null } }, ctx: OrdersContext) =>
    refusable(() =>
      ctx.transaction((manager) => ctx.orders.transition(manager, ctx.identity, input.orderId, action, input.reason)),
    );

/** The order as the subscriber may see it now, read under the subscriber's own tenant. */
const currentOrder = async (message: OrderChangedMessage, ctx: OrdersContext): Promise<Order> => {
  renewLoaders(ctx);
  const order =
    message.tenantId === ctx.identity.tenantId
      ? await ctx.transaction((manager) => ctx.orders.findVisible(manager, ctx.identity, message.orderId))
      : null;
  if (!order) throw notFound('No such order');
  return order;
};

export const orderResolvers: Resolvers = {
  Query: {
    quoteOrder: (_, { input }, ctx) =>
      ctx.transaction((manager) => ctx.orders.quote(manager, input.storeId, input.lines)),
    order: (_, { id }, ctx) => ctx.transaction((manager) => ctx.orders.findVisible(manager, ctx.identity, id)),
    orders: async (_, { filter, first, after }, ctx) => {
      const page = pageOf({ first, after });
      const [orders, total] = await ctx.transaction((manager) =>
        ctx.orders.findPage(manager, ctx.identity, filter ?? {}, page),
      );
      return toConnection(orders, total, page);
    },
    kitchenQueue: async (_, { storeId }, ctx) => {
      const store = await ctx.loaders.store.load(storeId);
      if (!store) throw notFound('No such store');
      const kitchen = await ctx.loaders.kitchen.load(storeId);
      return { store, orders: kitchen.queue, medianPrepSeconds: kitchen.medianPrepSeconds };
    },
  },
  Mutation: {
    placeOrder: (_, { input }, ctx) =>
      refusable(() => ctx.transaction((manager) => ctx.orders.place(manager, ctx.identity, input))),
    acceptOrder: transition('ACCEPT'),
    startOrder: transition('START'),
    markOrderReady: transition('MARK_READY'),
    handOverOrder: transition('HAND_OVER'),
    cancelOrder: transition('CANCEL'),
  },
  Subscription: {
    orderUpdated: {
      subscribe: async (_, { orderId }, ctx) => {
        const order = await ctx.transaction((manager) => ctx.orders.findVisible(manager, ctx.identity, orderId));
        if (!order) throw notFound('No such order');
        return ctx.pubsub.asyncIterableIterator(orderTopic(orderId)) as never;
      },
      resolve: (message: unknown, _args: unknown, ctx: OrdersContext) =>
        currentOrder(message as OrderChangedMessage, ctx),
    },
    storeOrders: {
      subscribe: async (_, { storeId }, ctx) => {
        if (!(await ctx.loaders.store.load(storeId))) throw notFound('No such store');
        return ctx.pubsub.asyncIterableIterator(storeOrdersTopic(storeId)) as never;
      },
      resolve: (message: unknown, _args: unknown, ctx: OrdersContext) =>
        currentOrder(message as OrderChangedMessage, ctx),
    },
  },
  Order: {
    __resolveReference: async ({ id }, ctx) => {
      const order = await ctx.loaders.order.load(id);
      return order && (order.customerId === ctx.identity.userId || seesAllOrders(ctx.identity)) ? order : null;
    },
    store: (order, _, ctx) => ctx.loaders.store.load(order.storeId).then((store) => store!),
    customer: (order) => (order.customerId ? { __typename: 'User', id: order.customerId } : null),
    lines: async (order, _, ctx) => inCurrency(await ctx.loaders.linesByOrder.load(order.id), order.currency),
    subtotal: (order) => money(order.subtotal, order.currency),
    tax: (order) => money(order.tax, order.currency),
    total: (order) => money(order.total, order.currency),
    estimatedReadyAt: async (order, _, ctx) => {
      if (order.status === 'COMPLETED' || order.status === 'CANCELLED') return order.readyAt;
      return (await ctx.loaders.kitchen.load(order.storeId)).estimates.get(order.id) ?? null;
    },
  },
  OrderLine: {
    product: (line, _, ctx) => ctx.loaders.product.load(line.productId).then((product) => product!),
    unitPrice: (line) => money(line.unitPrice, line.currency),
    total: (line) => money(line.total, line.currency),
    modifiers: (line) => inCurrency(line.modifiers, line.currency),
  },
  OrderQuote: {
    lines: (quote) => inCurrency(quote.lines, quote.currency),
    subtotal: (quote) => money(quote.subtotal, quote.currency),
    tax: (quote) => money(quote.tax, quote.currency),
    total: (quote) => money(quote.total, quote.currency),
  },
  QuotedLine: {
    unitPrice: (line) => money(line.unitPrice, line.currency),
    total: (line) => money(line.total, line.currency),
    modifiers: (line) => inCurrency(line.modifiers, line.currency),
  },
  OrderLineModifier: {
    priceDelta: (modifier) => money(modifier.priceDelta, modifier.currency),
  },
  User: {
    // Orders knows a person only as the caller, or as a customer with orders in the caller's tenant.
    __resolveReference: async ({ id }, ctx) =>
      id === ctx.identity.userId || (await ctx.loaders.hasOrders.load(id)) ? { id } : null,
    orders: async (user, { first, after }, ctx) => {
      const page = pageOf({ first, after });
      const [orders, total] = await ctx.transaction((manager) =>
        ctx.orders.findPage(manager, ctx.identity, { customerId: user.id }, page),
      );
      return toConnection(orders, total, page);
    },
  },
};
