import { EntitySchema, type EntityManager } from 'typeorm';

/** A provider's event we have applied: recorded in the transaction of its effect, so it applies once. */
export interface WebhookEvent {
  provider: string;
  eventId: string;
  tenantId: string;
  type: string;
  receivedAt: Date;
}

export const WebhookEventEntity = new EntitySchema<WebhookEvent>({
  name: 'WebhookEvent',
  tableName: 'webhook_events',
  columns: {
    provider: { type: 'text', primary: true },
    eventId: { name: 'event_id', type: 'text', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    type: { type: 'text' },
    receivedAt: { name: 'received_at', type: 'timestamptz', createDate: true },
  },
});

/** Records that an event is being applied; false when it already was (a duplicate delivery). */
export async function claimWebhookEvent(
  manager: EntityManager,
  provider: string,
  event: { id: string; type: string },
  tenantId: string,
): Promise<boolean> {
  const fresh = (await manager
    .createQueryBuilder()
    .insert()
    .into(WebhookEventEntity)
    .values({ provider, eventId: event.id, tenantId, type: event.type })
    .orIgnore()
    .returning('event_id')
    .execute()
    .then((result) => result.raw)) as unknown[];
  return fresh.length > 0;
}
