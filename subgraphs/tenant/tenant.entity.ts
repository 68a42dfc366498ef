import { EntitySchema } from 'typeorm';

import type { Tier } from '../../common/tiers.ts';

export type TenantStatus = 'TRIAL' | 'ACTIVE' | 'PAST_DUE' | 'RESTRICTED' | 'SUSPENDED';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  /** The tier the tenant pays for; during a trial it gets the trial tier's features. */
  tier: Tier;
  trialEndsAt: Date | null;
  /** White-label branding: how the tenant's apps present themselves. */
  displayName: string | null;
  logoUrl: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  customDomain: string | null;
  /** How long activity records are kept; null keeps them. */
  dataRetentionDays: number | null;
  /** The IANA zone its figures for all stores together, and its report schedules, are read in. */
  timeZone: string;
  /** The version of the last subscription change applied from payments: older ones are stale. */
  billingVersion: number;
  /** Calls above the tier's allowance are billed through the subscription rather than refused. */
  overageBilled: boolean;
  createdAt: Date;
}

export const TenantEntity = new EntitySchema<Tenant>({
  name: 'Tenant',
  tableName: 'tenants',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    slug: { type: 'text', unique: true },
    name: { type: 'text' },
    status: { type: 'text' },
    tier: { type: 'text' },
    trialEndsAt: { name: 'trial_ends_at', type: 'timestamptz', nullable: true },
    displayName: { name: 'display_name', type: 'text', nullable: true },
    logoUrl: { name: 'logo_url', type: 'text', nullable: true },
    primaryColor: { name: 'primary_color', type: 'text', nullable: true },
    accentColor: { name: 'accent_color', type: 'text', nullable: true },
    customDomain: { name: 'custom_domain', type: 'text', nullable: true, unique: true },
    dataRetentionDays: { name: 'data_retention_days', type: 'int', nullable: true },
    timeZone: { name: 'time_zone', type: 'text', default: 'UTC' },
    billingVersion: { name: 'billing_version', type: 'int', default: 0 },
    overageBilled: { name: 'overage_billed', type: 'boolean', default: false },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
