/**
 * A short-lived store for values that are expensive to compute and fine to recompute. Values go
 * through JSON in every adapter, so what comes back is a copy (a Date comes back as a string).
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** `ttlSeconds` is a positive whole number of seconds. */
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** What every adapter stores; refuses what it could not give back (undefined means a miss). */
export function toCacheEntry(value: unknown, ttlSeconds: number): string {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`A cache TTL must be a positive whole number of seconds, not ${ttlSeconds}`);
  }
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('undefined cannot be cached: get() returns it for a miss');
  return json;
}
