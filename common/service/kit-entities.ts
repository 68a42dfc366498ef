import { IdempotencyRecordEntity } from '../database/idempotency.ts';
import { eventEntities } from '../events/outbox.ts';

/** Tables every subgraph has besides its own: the outbox, its consumers' memory, idempotency keys. */
export const KIT_ENTITIES = [...eventEntities, IdempotencyRecordEntity];
