import { randomUUID } from 'node:crypto';

/** Something that happened in a subgraph, as other subgraphs learn of it. */
export interface DomainEvent<P = unknown> {
  id: string;
  type: string;
  /** The subgraph that owns the change. */
  source: string;
  tenantId: string | null;
  aggregateId: string;
  occurredAt: string;
  payload: P;
}

export function createDomainEvent<P>(fields: Omit<DomainEvent<P>, 'id' | 'occurredAt'>): DomainEvent<P> {
  return { id: randomUUID(), occurredAt: new Date().toISOString(), ...fields };
}
