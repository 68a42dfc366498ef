/**
 * Makes room for one more key in a map of per-key limiter state: drops the entries that no longer
 * matter, and when every entry still does, the oldest one, so the map never holds more than
 * `maxKeys`.
 */
export function makeRoomForKey<V>(entries: Map<string, V>, maxKeys: number, isStale: (value: V) => boolean): void {
  if (entries.size < maxKeys) return;
  for (const [key, value] of entries) if (isStale(value)) entries.delete(key);
  while (entries.size >= maxKeys) entries.delete(entries.keys().next().value!);
}
