import { createDomainEvent } from '../../common/events/domain-event.ts';
import type { Tenant } from './tenant.entity.ts';

export interface TenantCreatedPayload {
  tenantId: string;
  slug: string;
  ownerId: string;
  trialEndsAt: string;
  timeZone: string;
}

export interface TenantTimeZoneChangedPayload {
  tenantId: string;
  timeZone: string;
}

export const tenantCreated = (tenant: Pick<Tenant, 'id' | 'slug' | 'trialEndsAt' | 'timeZone'>, ownerId: string) =>
  createDomainEvent<TenantCreatedPayload>({
    type: 'TenantCreated',
    source: 'tenant',
    tenantId: tenant.id,
    aggregateId: tenant.id,
    payload: {
      tenantId: tenant.id,
      slug: tenant.slug,
      ownerId,
      trialEndsAt: tenant.trialEndsAt!.toISOString(),
      timeZone: tenant.timeZone,
    },
  });

export const tenantTimeZoneChanged = (tenantId: string, timeZone: string) =>
  createDomainEvent<TenantTimeZoneChangedPayload>({
    type: 'TenantTimeZoneChanged',
    source: 'tenant',
    tenantId,
    aggregateId: tenantId,
    payload: { tenantId, timeZone },
  });
