import { EntitySchema } from 'typeorm';

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
