import { toCacheEntry, type Cache } from './cache.ts';

export interface MemoryCacheOptions {
  /** When full, the entry written longest ago makes room. */
  maxEntries?: number;
  /** Milliseconds since the epoch; tests move time forward. */
  now?: () => number;
}

/** The embedded cache: one process, bounded in size, entries expire after their TTL. */
export function createMemoryCache({ maxEntries = 10_000, now = Date.now }: MemoryCacheOptions = {}): Cache {
  // A Map iterates in insertion order, and set() re-inserts: the first key is the oldest write.
  const entries = new Map<string, { json: string; expiresAt: number }>();
  return {
    async get<T>(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return JSON.parse(entry.json) as T;
    },
    async set(key, value, ttlSeconds) {
      const json = toCacheEntry(value, ttlSeconds);
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { json, expiresAt: now() + ttlSeconds * 1000 });
    },
    async delete(key) {
      entries.delete(key);
    },
    async close() {
      entries.clear();
    },
  };
}
