import { EntitySchema } from 'typeorm';

/** A Stripe invoice of a tenant's subscription, mirrored from Stripe's invoice webhooks. */
export interface Invoice {
  /** Stripe's invoice id. */
  id: string;
  tenantId: string;
  number: string | null;
  /** Stripe's status: draft, open, paid, void, uncollectible. */
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  /** Payment attempts Stripe made; several failed ones restrict the tenant. */
  attemptCount: number;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  paidAt: Date | null;
  createdAt: Date;
}

export const InvoiceEntity = new EntitySchema<Invoice>({
  name: 'Invoice',
  tableName: 'invoices',
  columns: {
    id: { type: 'text', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    number: { type: 'text', nullable: true },
    status: { type: 'text' },
    amountDue: { name: 'amount_due', type: 'int' },
    amountPaid: { name: 'amount_paid', type: 'int' },
    currency: { type: 'char', length: 3 },
    attemptCount: { name: 'attempt_count', type: 'int', default: 0 },
    hostedInvoiceUrl: { name: 'hosted_invoice_url', type: 'text', nullable: true },
    invoicePdf: { name: 'invoice_pdf', type: 'text', nullable: true },
    periodStart: { name: 'period_start', type: 'timestamptz', nullable: true },
    periodEnd: { name: 'period_end', type: 'timestamptz', nullable: true },
    paidAt: { name: 'paid_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz' },
  },
  indices: [{ name: 'invoices_tenant_created_idx', columns: ['tenantId', 'createdAt'] }],
});
