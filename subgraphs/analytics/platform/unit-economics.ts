import type { Money } from '../../../common/money/money.ts';

/**
 * A month of the platform's revenue as payments refers to it: its key and the fields of payments'
 * that the unit economics require (`@requires`), present when the gateway asked for those.
 */
export interface RevenueMonthReference {
  month: string;
  currency: string;
  arpu?: Money | null;
  logoChurn?: number | null;
  newPayingTenants?: number;
}

/** Customer acquisition cost: the month's spend per tenant it acquired; null without spend or new tenants. */
export const customerAcquisitionCost = (spend: number | null, newPayingTenants: number): number | null =>
  spend === null || newPayingTenants === 0 ? null : Math.round(spend / newPayingTenants);

/**
 * Lifetime value: ARPU over the month's logo churn, so a tenant is expected to pay for 1 / churn
 * months. Null without ARPU, or without churn to estimate a lifetime from (nobody paid at the start,
 * or nobody left): a month without churn does not make the lifetime endless.
 */
export const lifetimeValue = (arpu: number | null, logoChurn: number | null): number | null =>
  arpu === null || !logoChurn ? null : Math.round(arpu / logoChurn);

/** LTV:CAC, from the two amounts as answered; null when either is undefined or the CAC is zero. */
export const lifetimeValueToAcquisitionCost = (ltv: number | null, cac: number | null): number | null =>
  ltv === null || !cac ? null : ltv / cac;
