import { EntitySchema } from 'typeorm';
import type { AuditOutcome } from '../../common/audit/audit-record.ts';

/** One mutation, as recorded; append-only (the application role may not update or delete). */
export interface AuditEvent {
  id: string;
  tenantId: string | null;
  subgraph: string;
  operation: string;
  actorKind: string;
  actorId: string | null;
  targetIds: string[];
  outcome: AuditOutcome;
  clientIp: string | null;
  requestId: string;
  occurredAt: Date;
}

export const AuditEventEntity = new EntitySchema<AuditEvent>({
  name: 'AuditEvent',
  tableName: 'audit_events',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid', nullable: true },
    subgraph: { type: 'text' },
    operation: { type: 'text' },
    actorKind: { name: 'actor_kind', type: 'text' },
    actorId: { name: 'actor_id', type: 'uuid', nullable: true },
    targetIds: { name: 'target_ids', type: 'text', array: true },
    outcome: { type: 'text' },
    clientIp: { name: 'client_ip', type: 'text', nullable: true },
    requestId: { name: 'request_id', type: 'text' },
    occurredAt: { name: 'occurred_at', type: 'timestamptz' },
  },
  indices: [{ name: 'audit_events_tenant_time_idx', columns: ['tenantId', 'occurredAt'] }],
});
