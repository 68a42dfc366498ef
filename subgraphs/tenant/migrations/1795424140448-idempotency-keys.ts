import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTable, dropIdempotencyTable } from '../../../common/database/idempotency.ts';

export class IdempotencyKeys1795424140448 implements MigrationInterface {
  name = 'IdempotencyKeys1795424140448';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createIdempotencyTable(queryRunner, 'tenant');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropIdempotencyTable(queryRunner, 'tenant');
  }
}
