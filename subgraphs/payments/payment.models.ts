import type { PayableOrder } from './payable-order.entity.ts';

/** An order as payments resolves it: enough to check who may see it and to find its payments. */
export type OrderReference = Pick<PayableOrder, 'id' | 'tenantId' | 'customerId'>;
