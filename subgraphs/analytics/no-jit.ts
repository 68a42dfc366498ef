import type { EntityManager } from 'typeorm';

/**
 * Turns JIT off for the rest of the transaction. Analytics' statements read lists the planner can only
 * guess the length of (JSON arrays, a day mask's customers), and on a large history the guess tips them
 * over the JIT thresholds: compiling then costs far more than running them.
 */
export const withoutJit = async (manager: EntityManager): Promise<void> => {
  await manager.query(
    `SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
  );
};
