import { randomUUID } from 'node:crypto';
import { Between, In, LessThan, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../common/database/idempotency.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import type { Page } from '../../common/graphql/connection.ts';
import { userError, UserErrorRejection, type UserError } from '../../common/graphql/user-error.ts';
import type { Identity } from '../../common/identity/identity.ts';
import { isOpenAt } from './opening-hours.ts';
import { orderCancelled, orderPlaced, orderStatusChanged } from './order.events.ts';
import { OrderEntity, OrderLineEntity, type Order, type OrderStatus } from './order.entity.ts';
import { isStaff, judgeTransition, type OrderAction } from './order-state-machine.ts';
import { quoteLines, type AvailabilityCheck, type OrderLineInput } from './quote.service.ts';
import type { Shortage, StockItem } from './inventory.service.ts';
import { StoreEntity, type Store } from './store.entity.ts';

export const MAX_NOTES_LENGTH = 500;
/** How far ahead a pickup may be booked. */
export const MAX_PICKUP_AHEAD_MS = 7 * 86_400_000;
/** A pickup time this far in the past is taken as "now" (clocks of phones drift). */
const PICKUP_CLOCK_SKEW_MS = 60_000;

export interface PlaceOrderInput {
  storeId: string;
  lines: OrderLineInput[];
  pickupAt?: Date | null;
  notes?: string | null;
  idempotencyKey: string;
}

export interface OrderFilter {
  status?: OrderStatus[] | null;
  storeId?: string | null;
  customerId?: string | null;
  placedFrom?: Date | null;
  placedTo?: Date | null;
}

export type OrderResult = { order: Order | null; errors: UserError[] };

/** What the orders subgraph needs from its inventory: availability, and stock taken and given back. */
export interface Stock {
  unavailableVariants: AvailabilityCheck;
  consume(manager: EntityManager, storeId: string, items: StockItem[]): Promise<{ shortages: Shortage[] }>;
  restore(manager: EntityManager, storeId: string, items: StockItem[]): Promise<void>;
}

/** Staff and integrations see every order of the tenant; a customer only their own. */
export const seesAllOrders = (identity: Identity) =>
  identity.kind === 'api_key' || (identity.kind === 'user' && isStaff(identity));

export function createOrderService(stock: Stock) {
  const visibleWhere = (identity: Identity, where: FindOptionsWhere<Order> = {}): FindOptionsWhere<Order> =>
    seesAllOrders(identity)
      ? where
      : { ...where, customerId: identity.userId ?? '00000000-0000-0000-0000-000000000000' };

  async function findVisible(manager: EntityManager, identity: Identity, id: string, lock = false) {
    return manager.getRepository(OrderEntity).findOne({
      where: visibleWhere(identity, { id }),
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  return {
    findVisible,

    findPage(manager: EntityManager, identity: Identity, filter: OrderFilter, page: Page): Promise<[Order[], number]> {
      const where: FindOptionsWhere<Order> = {
        ...(filter.status?.length ? { status: In(filter.status) } : {}),
        ...(filter.storeId ? { storeId: filter.storeId } : {}),
        ...(filter.customerId ? { customerId: filter.customerId } : {}),
        ...placedWithin(filter.placedFrom, filter.placedTo),
      };
      return manager.getRepository(OrderEntity).findAndCount({
        where: visibleWhere(identity, where),
        order: { placedAt: 'DESC', id: 'DESC' },
        skip: page.offset,
        take: page.limit,
      });
    },

    quote(manager: EntityManager, storeId: string, lines: OrderLineInput[]) {
      return quoteLines(manager, storeId, lines, stock.unavailableVariants);
    },

    /**
     * Validates and places an order in one transaction with its lines, its OrderPlaced event and its
     * idempotency record; any UserError rolls all of it back. A repeat of the key returns the first order.
     */
    async place(manager: EntityManager, identity: Identity, input: PlaceOrderInput): Promise<OrderResult> {
      const inputErrors = [
        ...validateIdempotencyKey(input.idempotencyKey),
        ...(input.notes && input.notes.length > MAX_NOTES_LENGTH
          ? [userError('INVALID_NOTES', `Notes are at most ${MAX_NOTES_LENGTH} characters`, ['notes'])]
          : []),
      ];
      if (inputErrors.length > 0) return { order: null, errors: inputErrors };
      const tenantId = identity.tenantId!;
      const { idempotencyKey, ...request } = input;
      const outcome = await once(
        manager,
        { tenantId, operation: 'placeOrder', key: idempotencyKey, request },
        async () => {
          const quoted = await quoteLines(manager, input.storeId, input.lines, stock.unavailableVariants);
          if (!quoted.quote) throw new UserErrorRejection(quoted.errors);
          const { quote } = quoted;
          const now = new Date();
          const pickupAt = checkPickup(input.pickupAt ?? now, now, quote.store);
          const id = randomUUID();
          const order: Order = {
            id,
            tenantId,
            storeId: quote.store.id,
            customerId: identity.kind === 'user' ? identity.userId : null,
            number: id.slice(0, 6).toUpperCase(),
            status: 'PLACED',
            currency: quote.currency,
            subtotal: quote.subtotal,
            tax: quote.tax,
            total: quote.total,
            pricesIncludeTax: quote.pricesIncludeTax,
            itemCount: quote.itemCount,
            notes: input.notes?.trim() || null,
            pickupAt,
            placedAt: now,
            acceptedAt: null,
            startedAt: null,
            readyAt: null,
            completedAt: null,
            cancelledAt: null,
            cancellationReason: null,
            paidAt: null,
          };
          const lines = quote.lines.map(({ product: _product, ...line }, position) => ({ ...line, position }));
          await manager.getRepository(OrderEntity).insert(order);
          await manager
            .getRepository(OrderLineEntity)
            .insert(lines.map((line) => ({ ...line, id: randomUUID(), tenantId, orderId: id })));
          await recordEvents(manager, [orderPlaced(order, lines)]);
          return { orderId: id };
        },
      );
      if ('conflict' in outcome) return { order: null, errors: [IDEMPOTENCY_KEY_REUSED] };
      return {
        order: await manager.getRepository(OrderEntity).findOneByOrFail({ id: outcome.result.orderId }),
        errors: [],
      };
    },

    /** Applies one move of the state machine under a row lock, with its guards, stock and events. */
    async transition(
      manager: EntityManager,
      identity: Identity,
      orderId: string,
      action: OrderAction,
      reason?: string | null,
    ): Promise<OrderResult> {
      const order = await findVisible(manager, identity, orderId, true);
      if (!order) return { order: null, errors: [userError('NOT_FOUND', 'No such order', ['orderId'])] };
      const verdict = judgeTransition(order, action, identity);
      if (!verdict.allowed) {
        const message =
          verdict.reason === 'FORBIDDEN'
            ? `Only staff can ${action.toLowerCase().replace('_', ' ')} an order that is ${order.status}`
            : `An order that is ${order.status} cannot be moved that way`;
        return { order: null, errors: [userError('INVALID_TRANSITION', message, ['orderId'])] };
      }
      if (reason && reason.length > MAX_NOTES_LENGTH) {
        return {
          order: null,
          errors: [userError('INVALID_REASON', `A reason is at most ${MAX_NOTES_LENGTH} characters`, ['reason'])],
        };
      }
      const store = await manager.getRepository(StoreEntity).findOneByOrFail({ id: order.storeId });
      if (action === 'ACCEPT' && store.requiresPaymentBeforeAccept && !order.paidAt) {
        return {
          order: null,
          errors: [userError('ORDER_NOT_PAID', `${store.name} accepts orders only once they are paid`, ['orderId'])],
        };
      }
      const items = action === 'ACCEPT' || order.status === 'ACCEPTED' ? await stockItems(manager, order.id) : [];
      if (action === 'ACCEPT') {
        const { shortages } = await stock.consume(manager, order.storeId, items);
        if (shortages.length > 0) {
          throw new UserErrorRejection([
            userError(
              'OUT_OF_STOCK',
              `Not enough ${shortages.map((shortage) => `${shortage.name} (${shortage.needed} needed, ${shortage.available} left)`).join(', ')}`,
              ['orderId'],
            ),
          ]);
        }
      }
      if (action === 'CANCEL' && order.status === 'ACCEPTED') await stock.restore(manager, order.storeId, items);

      const from = order.status;
      const now = new Date();
      order.status = verdict.to;
      order[verdict.stamp] = now;
      if (action === 'CANCEL') order.cancellationReason = reason?.trim() || null;
      await manager
        .getRepository(OrderEntity)
        .update(
          { id: order.id },
          { status: order.status, [verdict.stamp]: now, cancellationReason: order.cancellationReason },
        );
      await recordEvents(manager, [
        orderStatusChanged(order, from, order.status, now, action === 'CANCEL' ? order.cancellationReason : null),
        ...(action === 'CANCEL' ? [orderCancelled(order, from, isStaff(identity) ? 'staff' : 'customer', now)] : []),
      ]);
      return { order, errors: [] };
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;

function placedWithin(from?: Date | null, to?: Date | null): FindOptionsWhere<Order> {
  if (from && to) return { placedAt: Between(from, new Date(to.getTime() - 1)) };
  if (from) return { placedAt: MoreThanOrEqual(from) };
  if (to) return { placedAt: LessThan(to) };
  return {};
}

function checkPickup(requested: Date, now: Date, store: Pick<Store, 'name' | 'timezone' | 'openingHours'>): Date {
  if (requested.getTime() < now.getTime() - PICKUP_CLOCK_SKEW_MS) {
    throw new UserErrorRejection([userError('INVALID_PICKUP_TIME', 'The pickup time has passed', ['pickupAt'])]);
  }
  if (requested.getTime() > now.getTime() + MAX_PICKUP_AHEAD_MS) {
    throw new UserErrorRejection([
      userError('INVALID_PICKUP_TIME', 'Orders can be placed at most 7 days ahead', ['pickupAt']),
    ]);
  }
  const pickupAt = requested < now ? now : requested;
  if (!isOpenAt(store.openingHours, store.timezone, pickupAt)) {
    throw new UserErrorRejection([userError('STORE_CLOSED', `${store.name} is closed at that time`, ['pickupAt'])]);
  }
  return pickupAt;
}

async function stockItems(manager: EntityManager, orderId: string): Promise<StockItem[]> {
  const lines = await manager.getRepository(OrderLineEntity).findBy({ orderId });
  return lines.map((line) => ({
    variantId: line.variantId,
    modifierOptionIds: line.modifiers.map((modifier) => modifier.optionId),
    quantity: line.quantity,
  }));
}
