/** Orders rows as a DataLoader batch asked for them, null where a row is missing or hidden. */
export const byId =
  <T extends { id: string }>(ids: readonly string[]) =>
  (rows: T[]): (T | null)[] => {
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  };
