import type { PubSubEngine } from 'graphql-subscriptions';
import type { Logger } from 'pino';
import { storeKpiTopic, type KpiChangedMessage } from './live-topics.ts';

/** How long a burst of changes to one store is gathered into one push; well inside the 100 ms promise. */
export const KPI_COALESCE_MS = 25;

export interface KpiNotifier {
  /** A committed change touched this store's figures. */
  changed(tenantId: string, storeId: string): void;
}

/**
 * Tells each store's kpiUpdated subscribers of committed changes: the first change of a quiet store
 * at once, and the rest of a burst once, when it has been gathered for `coalesceMs`.
 */
export function createKpiNotifier(pubsub: PubSubEngine, logger: Logger, coalesceMs = KPI_COALESCE_MS): KpiNotifier {
  const pending = new Map<string, KpiChangedMessage>();
  const lastPushed = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const publish = (message: KpiChangedMessage) => {
    lastPushed.set(message.storeId, Date.now());
    pubsub.publish(storeKpiTopic(message.storeId), message).catch((error: unknown) => {
      logger.warn({ err: error, storeId: message.storeId }, 'could not publish a KPI update');
    });
  };
  const flush = () => {
    timer = undefined;
    const quietSince = Date.now() - coalesceMs;
    for (const [storeId, at] of lastPushed) if (at < quietSince) lastPushed.delete(storeId);
    const messages = [...pending.values()];
    pending.clear();
    for (const message of messages) publish(message);
  };
  return {
    changed(tenantId, storeId) {
      const message = { tenantId, storeId };
      const last = lastPushed.get(storeId);
      if (!pending.has(storeId) && (last === undefined || Date.now() - last >= coalesceMs)) {
        publish(message);
        return;
      }
      pending.set(storeId, message);
      timer ??= setTimeout(flush, coalesceMs);
    },
  };
}
