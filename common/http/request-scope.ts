import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Runs the rest of a request with its id available to code that is handed no context. */
export const runWithRequestId = <T>(requestId: string, fn: () => T): T => scope.run(requestId, fn);
export const currentRequestId = (): string | undefined => scope.getStore();
