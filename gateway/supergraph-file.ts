import type { SupergraphManager } from '@apollo/gateway';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { ServiceMetrics } from '../common/http/metrics.ts';

/** What one reload did: served the new supergraph, found nothing new, or refused it and kept the old. */
export type ReloadOutcome = 'reloaded' | 'unchanged' | 'refused';

export interface SupergraphFileOptions {
  path: string;
  /** Reload when the file changes; SIGHUP reloads either way. */
  watch: boolean;
  logger: Logger;
  metrics: ServiceMetrics;
  /** How long the file must stay quiet before it is read: an editor's save is several writes. */
  debounceMs?: number;
}

export const DEFAULT_RELOAD_DEBOUNCE_MS = 200;

export interface SupergraphFile extends SupergraphManager {
  /** Reads the file again and serves it if it is new and valid; what the watcher and SIGHUP call. */
  reload(): Promise<ReloadOutcome>;
}

/**
 * The supergraph the gateway serves, read from a file and reloaded when it changes or on SIGHUP.
 * The gateway swaps its schema and planner at once; requests already running finish on the plan
 * they had. A supergraph the gateway cannot build (unparsable, not a valid composition) is refused
 * with a log line, and the one before keeps serving.
 */
export function createSupergraphFile({
  path,
  watch: watchFile,
  logger,
  metrics,
  debounceMs = DEFAULT_RELOAD_DEBOUNCE_MS,
}: SupergraphFileOptions): SupergraphFile {
  const reloads = new Counter({
    name: 'gateway_supergraph_reloads_total',
    help: 'Supergraph reloads by outcome (reloaded, unchanged, refused)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  let update: ((sdl: string) => void) | undefined;
  let current: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function reloadNow(): Promise<ReloadOutcome> {
    if (!update) throw new Error('The supergraph is not loaded yet');
    let sdl: string;
    try {
      sdl = await readFile(path, 'utf8');
    } catch (error) {
      return refuse(error);
    }
    if (sdl === current) return count('unchanged');
    try {
      // Builds and validates the supergraph before anything is swapped; throws if it cannot.
      update(sdl);
    } catch (error) {
      return refuse(error);
    }
    current = sdl;
    logger.info({ path }, 'serving the reloaded supergraph');
    return count('reloaded');
  }

  function refuse(error: unknown): ReloadOutcome {
    logger.error(
      { path, reason: error instanceof Error ? error.message : String(error) },
      'refused the new supergraph: the gateway keeps serving the one it had',
    );
    return count('refused');
  }

  function count(outcome: ReloadOutcome): ReloadOutcome {
    reloads.inc({ outcome });
    return outcome;
  }

  // One reload at a time, each reading the file as it is when its turn comes.
  const reload = (): Promise<ReloadOutcome> => {
    const next = queue.then(reloadNow);
    queue = next.catch(() => {});
    return next;
  };

  return {
    reload,
    async initialize(hooks) {
      const sdl = await readFile(path, 'utf8');
      update = hooks.update;
      current = sdl;

      const onSignal = () => {
        logger.info({ path }, 'SIGHUP: reloading the supergraph');
        void reload();
      };
      process.on('SIGHUP', onSignal);

      let watcher: FSWatcher | undefined;
      let pending: NodeJS.Timeout | undefined;
      if (watchFile) {
        // The directory, not the file: editors and deploy tools replace the file, and a watch on
        // the old one would go quiet.
        const name = basename(path);
        watcher = watch(dirname(path), (_event, changed) => {
          if (changed !== null && changed !== name) return;
          clearTimeout(pending);
          pending = setTimeout(() => void reload(), debounceMs);
          pending.unref();
        });
        watcher.on('error', (error) => logger.warn({ err: error, path }, 'stopped watching the supergraph file'));
      }

      return {
        supergraphSdl: sdl,
        async cleanup() {
          process.off('SIGHUP', onSignal);
          clearTimeout(pending);
          watcher?.close();
          await queue;
        },
      };
    },
  };
}
