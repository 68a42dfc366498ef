import type { FormattedExecutionResult, GraphQLError } from 'graphql';

/**
 * How many events one connection may hold that its client has not taken yet, across all its
 * subscriptions. A client that reads too slowly exhausts it; `exhausted` then decides what happens.
 */
export interface PendingBudget {
  take(): boolean;
  give(count?: number): void;
  readonly pending: number;
}

export function createPendingBudget(limit: number, exhausted: () => void): PendingBudget {
  let pending = 0;
  return {
    take() {
      if (pending >= limit) {
        exhausted();
        return false;
      }
      pending += 1;
      return true;
    },
    give(count = 1) {
      pending -= count;
    },
    get pending() {
      return pending;
    },
  };
}

export interface SubscriberQueueOptions {
  budget: PendingBudget;
  /** Runs before each event is handed over; throwing ends the subscription with that error. */
  beforeEach(): Promise<void> | void;
  /** Called once when the subscription ends, however it ends. */
  onEnd(): void;
}

type Result = FormattedExecutionResult;
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The events of one client subscription on their way to the socket, in order. graphql-ws pulls
 * the next event once the previous one is written, so a slow client leaves events here, counted
 * against its connection's budget. `return()` ends the subscription at once, also while an event
 * is awaited, so an unsubscribe stops the upstream subscription without waiting for another event.
 */
export class SubscriberQueue implements AsyncGenerator<Result, undefined> {
  private readonly items: Promise<Result>[] = [];
  private ending: { error?: GraphQLError } | undefined;
  private finished = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SubscriberQueueOptions) {}

  /** Queues an event, unless the connection's budget is exhausted. */
  push(result: Promise<Result>): void {
    if (this.finished || this.ending) return;
    if (!this.options.budget.take()) return;
    this.items.push(result);
    this.wakeUp();
  }

  /** Ends after the queued events (or at once with `discardQueued`), with an error if given. */
  end(error?: GraphQLError, { discardQueued = false } = {}): void {
    if (this.finished || this.ending) return;
    this.ending = error ? { error } : {};
    if (discardQueued) this.discard();
    this.wakeUp();
  }

  async next(): Promise<IteratorResult<Result, undefined>> {
    for (;;) {
      if (this.finished) return DONE;
      const item = this.items.shift();
      if (item) {
        this.options.budget.give();
        const value = await item;
        if (this.finished) return DONE;
        try {
          await this.options.beforeEach();
        } catch (error) {
          this.finish();
          throw error;
        }
        // The subscription may have ended while the check ran: nothing more for this client.
        if (this.finished) return DONE;
        return { done: false, value };
      }
      if (this.ending) {
        const { error } = this.ending;
        this.finish();
        if (error) throw error;
        return DONE;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<Result, undefined>> {
    this.finish();
    return DONE;
  }

  async throw(): Promise<IteratorResult<Result, undefined>> {
    this.finish();
    return DONE;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.discard();
    this.wakeUp();
    this.options.onEnd();
  }

  private discard(): void {
    this.options.budget.give(this.items.length);
    this.items.length = 0;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
