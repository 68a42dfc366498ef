import { createDomainEvent, type DomainEvent } from '../events/domain-event.ts';

export const AUDIT_RECORDED = 'AuditRecorded';

export type AuditOutcome = 'SUCCEEDED' | 'REJECTED' | 'DENIED' | 'FAILED';

/** One mutation field as one subgraph executed it. */
export interface AuditRecord {
  subgraph: string;
  operation: string;
  actorKind: 'anonymous' | 'user' | 'api_key';
  actorId: string | null;
  targetIds: string[];
  outcome: AuditOutcome;
  clientIp: string | null;
  requestId: string;
}

export const auditRecorded = (tenantId: string | null, record: AuditRecord): DomainEvent<AuditRecord> =>
  createDomainEvent({
    type: AUDIT_RECORDED,
    source: record.subgraph,
    tenantId,
    aggregateId: record.operation,
    payload: record,
  });
