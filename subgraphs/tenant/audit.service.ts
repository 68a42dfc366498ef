import type { EntityManager } from 'typeorm';
import { AUDIT_RECORDED, type AuditOutcome, type AuditRecord } from '../../common/audit/audit-record.ts';
import type { Database } from '../../common/database/database.ts';
import { consumeOnce } from '../../common/events/consume-once.ts';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import type { Page } from '../../common/graphql/connection.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import { AuditEventEntity, type AuditEvent } from './audit-event.entity.ts';

export interface AuditFilter {
  actorId?: string | null;
  operation?: string | null;
  outcome?: AuditOutcome | null;
  from?: Date | null;
  to?: Date | null;
}

export const auditService = {
  findPage(manager: EntityManager, filter: AuditFilter, page: Page): Promise<[AuditEvent[], number]> {
    const query = manager
      .getRepository(AuditEventEntity)
      .createQueryBuilder('event')
      .orderBy('event.occurredAt', 'DESC')
      .addOrderBy('event.id', 'ASC')
      .skip(page.offset)
      .take(page.limit);
    if (filter.actorId) query.andWhere('event.actorId = :actorId', { actorId: filter.actorId });
    if (filter.operation) query.andWhere('event.operation = :operation', { operation: filter.operation });
    if (filter.outcome) query.andWhere('event.outcome = :outcome', { outcome: filter.outcome });
    if (filter.from) query.andWhere('event.occurredAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('event.occurredAt < :to', { to: filter.to });
    return query.getManyAndCount();
  },
};

/** Keeps every subgraph's AuditRecorded events, once each. */
export function auditTrailConsumer(database: Database): EventConsumer {
  return {
    name: 'audit-trail',
    async handle(event: DomainEvent) {
      if (event.type !== AUDIT_RECORDED) return;
      const record = event.payload as AuditRecord;
      await consumeOnce(database, 'audit-trail', event, (manager) =>
        manager
          .getRepository(AuditEventEntity)
          .insert({
            id: event.id,
            tenantId: event.tenantId,
            subgraph: record.subgraph,
            operation: record.operation,
            actorKind: record.actorKind,
            actorId: record.actorId,
            targetIds: record.targetIds,
            outcome: record.outcome,
            clientIp: record.clientIp,
            requestId: record.requestId,
            occurredAt: new Date(event.occurredAt),
          })
          .then(() => {}),
      );
    },
  };
}
