/** A store's figures changed; subscribers read the fresh snapshot under their own tenant. */
export const storeKpiTopic = (storeId: string) => `analytics.kpi.${storeId}`;

export interface KpiChangedMessage {
  tenantId: string;
  storeId: string;
}
