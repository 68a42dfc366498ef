import { createHash } from 'node:crypto';
import { EntitySchema, type EntityManager, type QueryRunner } from 'typeorm';
import { userError } from '../graphql/user-error.ts';
import { isolateByTenant } from './tenant-isolation.ts';

interface IdempotencyRecord {
  tenantId: string;
  operation: string;
  key: string;
  requestHash: string;
  result: unknown;
  createdAt: Date;
}

export const IdempotencyRecordEntity = new EntitySchema<IdempotencyRecord>({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_keys',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    operation: { type: 'text', primary: true },
    key: { type: 'text', primary: true },
    requestHash: { name: 'request_hash', type: 'text' },
    result: { type: 'jsonb' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export async function createIdempotencyTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  const table = `"${schema}"."idempotency_keys"`;
  await queryRunner.query(`CREATE TABLE ${table} (
    tenant_id uuid NOT NULL,
    operation text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    result jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, operation, key)
  )`);
  await isolateByTenant(queryRunner, table);
}

export async function dropIdempotencyTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE "${schema}"."idempotency_keys"`);
}

export type IdempotentOutcome<T> = { replayed: false; result: T } | { replayed: true; result: T } | { conflict: true };

/**
 * Runs `perform` once per (tenant, operation, key) inside the caller's transaction; a repeat gets
 * the first result back. `operation` is the mutation field's name (`withinQuota` relies on it). The key row is claimed before the work, so a concurrent repeat waits on
 * it and then sees the committed result. The same key with a different request is a conflict.
 */
export async function once<T>(
  manager: EntityManager,
  claim: { tenantId: string; operation: string; key: string; request: unknown },
  perform: () => Promise<T>,
): Promise<IdempotentOutcome<T>> {
  const requestHash = createHash('sha256').update(JSON.stringify(claim.request)).digest('base64url');
  const repository = manager.getRepository(IdempotencyRecordEntity);
  const claimed: unknown[] = await manager.query(
    `INSERT INTO ${repository.metadata.tablePath} (tenant_id, operation, key, request_hash, result)
     VALUES ($1, $2, $3, $4, '{}') ON CONFLICT DO NOTHING RETURNING 1`,
    [claim.tenantId, claim.operation, claim.key, requestHash],
  );
  if (claimed.length === 0) {
    const existing = await repository.findOneByOrFail({
      tenantId: claim.tenantId,
      operation: claim.operation,
      key: claim.key,
    });
    if (existing.requestHash !== requestHash) return { conflict: true };
    return { replayed: true, result: existing.result as T };
  }
  const result = await perform();
  await repository.update(
    { tenantId: claim.tenantId, operation: claim.operation, key: claim.key },
    { result: result as never },
  );
  return { replayed: false, result };
}

/**
 * Whether this (tenant, operation, key) has already been claimed by `once`, so a call with it repeats
 * earlier work instead of doing new work.
 */
export function isRepeat(
  manager: EntityManager,
  claim: { tenantId: string; operation: string; key: string },
): Promise<boolean> {
  return manager.getRepository(IdempotencyRecordEntity).existsBy(claim);
}

/** What a mutation answers when its idempotency key was already used for a different request. */
export const IDEMPOTENCY_KEY_REUSED = userError(
  'IDEMPOTENCY_KEY_REUSED',
  'This idempotency key was used for a different request',
  ['idempotencyKey'],
);

/** An idempotency key is 1 to 200 characters; anything else is refused before any work. */
export const validateIdempotencyKey = (key: string) =>
  !key.trim() || key.length > 200
    ? [userError('INVALID_IDEMPOTENCY_KEY', 'The idempotency key must be 1 to 200 characters', ['idempotencyKey'])]
    : [];
