import { parentPort } from 'node:worker_threads';
import type { CustomerRecord } from './customer-base.ts';
import { fitCustomerModels } from './customer-models.ts';

export interface FitRequest {
  id: number;
  customers: CustomerRecord[];
  asOf: Date;
}

export type FitAnswer = { id: number; models: ReturnType<typeof fitCustomerModels> } | { id: number; error: string };

// One fit at a time, off the subgraph's event loop; models and errors go back by the request's id.
parentPort!.on('message', ({ id, customers, asOf }: FitRequest) => {
  try {
    parentPort!.postMessage({ id, models: fitCustomerModels(customers, asOf) } satisfies FitAnswer);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies FitAnswer);
  }
});
