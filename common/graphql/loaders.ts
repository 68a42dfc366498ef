/** Orders rows as a DataLoader batch asked for them, null where a row is missing or hidden. */
export const byId =
  <T extends { id: string }>(ids: readonly string[]) =>
  (rows: T[]): (T | null)[] => {
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  };

/** Groups rows under the keys a DataLoader batch asked for, an empty list where none match. */
export const groupedBy =
  <T, K extends keyof T>(keys: readonly string[], column: K) =>
  (rows: T[]): T[][] => {
    const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(String(row[column]))?.push(row);
    return keys.map((key) => groups.get(key)!);
  };
