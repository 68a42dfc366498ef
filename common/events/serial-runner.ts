/**
 * Runs `work` one run at a time. A call during a run queues one more run after it (shared by every
 * such call), so the promise a caller gets covers whatever was there to do when it called.
 */
export function createSerialRunner(work: () => Promise<void>) {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  function run(): Promise<void> {
    if (!running) {
      running = work().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return run();
    });
    return queued;
  }

  return {
    run,
    /** Whether a run is under way. */
    get busy(): boolean {
      return running !== undefined;
    },
    /** Settles when the run under way and the one queued after it are done. */
    async idle(): Promise<void> {
      await (queued ?? running);
    },
  };
}
