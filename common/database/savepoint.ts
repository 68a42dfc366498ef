import type { EntityManager } from 'typeorm';

let savepoints = 0;

/**
 * Runs `work` in a savepoint of the caller's transaction and undoes all it wrote when `refused`
 * says its result is a refusal, leaving the transaction usable: for work that learns only late
 * (after claiming an idempotency key, say) that the request must be refused, so nothing is kept.
 * When `work` throws, the transaction as a whole fails as it would have without the savepoint.
 */
export async function undoIfRefused<T>(
  manager: EntityManager,
  work: () => Promise<T>,
  refused: (result: T) => boolean,
): Promise<T> {
  const name = `undo_if_refused_${++savepoints}`;
  await manager.query(`SAVEPOINT ${name}`);
  const result = await work();
  await manager.query(refused(result) ? `ROLLBACK TO SAVEPOINT ${name}` : `RELEASE SAVEPOINT ${name}`);
  return result;
}
