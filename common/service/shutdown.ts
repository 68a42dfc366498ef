import type { Logger } from 'pino';

/** A terminal's Ctrl-C reaches this process and, relayed, from its launcher: one press, two signals. */
const SAME_PRESS_MS = 1_000;

/**
 * The first SIGINT or SIGTERM drains and stops cleanly; another one a moment later exits at once.
 * Committed data is safe either way: every commit is durable before it is acknowledged.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stoppingSince: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < SAME_PRESS_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'draining and stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
