import type { EntityManager, EntitySchema, ObjectLiteral } from 'typeorm';

/**
 * Inserts many rows as one JSON parameter per batch (`json_populate_recordset`): no limit on bind
 * parameters, and a fraction of the per-row cost of a multi-row INSERT. Every column must be given
 * (a missing one is NULL, not its default); Dates travel as ISO-8601 strings.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<T>,
  rows: T[],
  batchSize = 5_000,
): Promise<void> {
  const metadata = manager.connection.getMetadata(entity);
  const table = metadata.tablePath
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
  const columns = metadata.columns.map((column) => `"${column.databaseName}"`).join(', ');
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows
      .slice(start, start + batchSize)
      .map((row) =>
        Object.fromEntries(metadata.columns.map((column) => [column.databaseName, column.getEntityValue(row) ?? null])),
      );
    await manager.query(
      `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`,
      [JSON.stringify(batch)],
    );
  }
}
