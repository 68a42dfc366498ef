import type { PubSubEngine } from 'graphql-subscriptions';
import type { Logger } from 'pino';
import { storeKpiTopic, type KpiChangedMessage } from './live-topics.ts';

/** How long a burst of changes to one store is gathered into one push; well inside the 100 ms promise. */
export const KPI_COALESCE_MS = 25;

export interface KpiNotifier {
  /** A committed change touched this store's figures. */
  changed(tenantId: string, storeId: string): void;
}

/** Tells each store's kpiUpdated subscribers once per burst of committed changes. */
export function createKpiNotifier(pubsub: PubSubEngine, logger: Logger, coalesceMs = KPI_COALESCE_MS): KpiNotifier {
  const pending = new Map<string, KpiChangedMessage>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const messages = [...pending.values()];
    pending.clear();
    for (const message of messages) {
      pubsub.publish(storeKpiTopic(message.storeId), message).catch((error: unknown) => {
        logger.warn({ err: error, storeId: message.storeId }, 'could not publish a KPI update');
      });
    }
  };
  return {
    changed(tenantId, storeId) {
      pending.set(storeId, { tenantId, storeId });
      timer ??= setTimeout(flush, coalesceMs);
    },
  };
}
