import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module: the thread registers the TypeScript loader before it
 * imports the module, as a worker does not inherit the loader of the process that starts it.
 */
export function startTypeScriptWorker(module: URL): Worker {
  const loader = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}
