import type { SalesBucket } from './rollup-refresh.ts';

/** Hour buckets as a relation `t(tenant_id, store_id, hour)` on `$1`, each once: one named twice would count twice in a join. */
export function bucketRelation(buckets: SalesBucket[]): { relation: string; params: unknown[] } {
  const unique = new Map(
    buckets.map((bucket) => [`${bucket.tenantId}/${bucket.storeId}/${bucket.hour.getTime()}`, bucket]),
  );
  const rows = [...unique.values()].map((bucket) => ({
    tenant_id: bucket.tenantId,
    store_id: bucket.storeId,
    hour: bucket.hour.toISOString(),
  }));
  return {
    relation: `jsonb_to_recordset($1::jsonb) AS t(tenant_id uuid, store_id uuid, hour timestamptz)`,
    params: [JSON.stringify(rows)],
  };
}
