import type { PaymentProvider } from './payment-provider.ts';

/**
 * Cash or the store's own card terminal: staff took the money at the counter, so the charge has
 * succeeded when it is recorded, and a refund is money handed back there and then.
 */
export const inStoreProvider: PaymentProvider = {
  name: 'IN_STORE',
  create: async () => ({ reference: null, state: 'SUCCEEDED', clientSecret: null, failureMessage: null }),
  retrieve: async () => ({ reference: null, state: 'SUCCEEDED', clientSecret: null, failureMessage: null }),
  refund: async () => ({ reference: null, state: 'SUCCEEDED', failureMessage: null }),
};
