import type { SubscriptionListener } from './federated-subscription.ts';

type Open = (listener: SubscriptionListener) => () => void;

interface Running {
  listeners: Set<SubscriptionListener>;
  close: () => void;
}

/**
 * Runs each distinct subscription once and hands every event to all who asked for it: one upstream
 * subscription and one join per event, however many clients listen. Callers decide what may share
 * a key (the same operation, variables and authorization scope). A listener that joins a running
 * subscription receives the events that come after it joined.
 */
export function createSubscriptionFanOut() {
  const running = new Map<string, Running>();

  function start(key: string, open: Open, first: SubscriptionListener): Running {
    const entry: Running = { listeners: new Set([first]), close: () => {} };
    running.set(key, entry);
    entry.close = open({
      event: (result) => {
        for (const listener of entry.listeners) listener.event(result);
      },
      end: (error) => {
        if (running.get(key) === entry) running.delete(key);
        const listeners = [...entry.listeners];
        entry.listeners.clear();
        for (const listener of listeners) listener.end(error);
      },
    });
    return entry;
  }

  return {
    /** Listens to the subscription with this key, opening it if none runs; returns how to stop listening. */
    listen(key: string, open: Open, listener: SubscriptionListener): () => void {
      let joined = running.get(key);
      if (joined) joined.listeners.add(listener);
      else joined = start(key, open, listener);
      const entry = joined;
      return () => {
        if (!entry.listeners.delete(listener) || entry.listeners.size > 0) return;
        if (running.get(key) === entry) running.delete(key);
        entry.close();
      };
    },

    /** How many distinct subscriptions run. */
    get size(): number {
      return running.size;
    },
  };
}

export type SubscriptionFanOut = ReturnType<typeof createSubscriptionFanOut>;
