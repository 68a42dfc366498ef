import { vi } from 'vitest';

/**
 * Retries an assertion about what the platform does after it answers (events, webhooks, consumers)
 * until it holds. The wait is long because a loaded CI machine is slow; a passing check returns at once.
 */
export const eventually = <T>(check: () => T | Promise<T>): Promise<T> =>
  vi.waitFor(check, { timeout: 15_000, interval: 50 });
