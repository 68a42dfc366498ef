import { In, type EntityManager } from 'typeorm';
import { OrderEntity, type Order, type OrderStatus } from './order.entity.ts';

export const OPEN_STATUSES: OrderStatus[] = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY'];
/** How many of a store's latest finished orders its preparation time is taken from. */
export const PREP_SAMPLE_SIZE = 20;
/** Assumed before a store has finished any order. */
export const DEFAULT_PREP_SECONDS = 300;

export interface KitchenState {
  storeId: string;
  /** Open orders by pickup time, then age. */
  queue: Order[];
  medianPrepSeconds: number | null;
  /** When each open order should be ready. */
  estimates: Map<string, Date>;
}

export const kitchenService = {
  /** Each store's queue and recent preparation time, in two queries however many stores. */
  async states(manager: EntityManager, storeIds: readonly string[], now = new Date()): Promise<KitchenState[]> {
    const open = await manager.getRepository(OrderEntity).find({
      where: { storeId: In([...storeIds]), status: In(OPEN_STATUSES) },
      order: { pickupAt: 'ASC', placedAt: 'ASC', id: 'ASC' },
    });
    const medians: { store_id: string; median: number | string }[] = await manager.query(
      `SELECT store_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median
           FROM (SELECT store_id, extract(epoch FROM ready_at - accepted_at) AS seconds,
                        row_number() OVER (PARTITION BY store_id ORDER BY ready_at DESC) AS recency
                   FROM ${manager.getRepository(OrderEntity).metadata.tablePath}
                  WHERE store_id = ANY($1) AND ready_at IS NOT NULL AND accepted_at IS NOT NULL) recent
          WHERE recency <= $2
          GROUP BY store_id`,
      [storeIds, PREP_SAMPLE_SIZE],
    );
    return storeIds.map((storeId) => {
      const queue = open.filter((order) => order.storeId === storeId);
      const median = medians.find((row) => row.store_id === storeId)?.median;
      const medianPrepSeconds = median === undefined ? null : Math.round(Number(median));
      return { storeId, queue, medianPrepSeconds, estimates: estimateReadyTimes(queue, medianPrepSeconds, now) };
    });
  },
};

/**
 * When each open order should be ready, modelling the kitchen as working through its queue one
 * order at a time, each taking the store's median preparation time: orders in preparation finish
 * a median after they started (never before now); the rest start when the kitchen is free, but not
 * earlier than a median before their pickup time. Ready orders are ready.
 */
export function estimateReadyTimes(queue: Order[], medianPrepSeconds: number | null, now: Date): Map<string, Date> {
  const prepMs = (medianPrepSeconds ?? DEFAULT_PREP_SECONDS) * 1000;
  const estimates = new Map<string, Date>();
  let kitchenFreeAt = now.getTime();
  for (const order of queue.filter((candidate) => candidate.status === 'PREPARING')) {
    const done = Math.max(now.getTime(), order.startedAt!.getTime() + prepMs);
    estimates.set(order.id, new Date(done));
    kitchenFreeAt = Math.max(kitchenFreeAt, done);
  }
  for (const order of queue) {
    if (order.status === 'READY') estimates.set(order.id, order.readyAt!);
    if (order.status !== 'PLACED' && order.status !== 'ACCEPTED') continue;
    const start = Math.max(kitchenFreeAt, order.pickupAt.getTime() - prepMs);
    kitchenFreeAt = start + prepMs;
    estimates.set(order.id, new Date(kitchenFreeAt));
  }
  return estimates;
}
