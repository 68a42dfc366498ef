const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be a row's id: anything else would make PostgreSQL refuse the query. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
