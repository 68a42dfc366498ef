import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Identity } from '../identity/identity.ts';
import type { QuotaMetric } from '../tiers.ts';

/** The caller's tenant's current use of each metric this subgraph keeps, for `withinQuota`. */
export type QuotaUsage = Partial<Record<QuotaMetric, () => Promise<number>>>;

/** What every resolver of every subgraph receives. */
export interface SubgraphContext {
  requestId: string;
  identity: Identity;
  /** The client's address as the gateway saw it (null when unknown). */
  clientIp: string | null;
  logger: Logger;
  /** Runs work in a transaction bound to the caller's tenant (row-level security). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** Set by the subgraph that keeps a count; a quota on a metric nobody counts here is a fault. */
  quotaUsage?: QuotaUsage;
}
