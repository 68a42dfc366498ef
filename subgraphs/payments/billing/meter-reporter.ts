import type Stripe from 'stripe';
import type { Logger } from 'pino';
import { IsNull } from 'typeorm';
import type { Database } from '../../../common/database/database.ts';
import { consumeOnce } from '../../../common/events/consume-once.ts';
import type { DomainEvent } from '../../../common/events/domain-event.ts';
import type { EventConsumer } from '../../../common/service/subgraph-module.ts';
import { BillingAccountEntity } from './billing-account.entity.ts';
import { MeterReportEntity, type MeterReport } from './meter-report.entity.ts';

/** The tenant subgraph's record of API calls above the tier's allowance. */
interface MeteredUsagePayload {
  usageRecordId: string;
  metric: string;
  quantity: number;
  occurredAt: string;
}

/**
 * Reports usage above the allowance to Stripe as Billing Meter events. The usage record is kept
 * first (once per event), then sent with its id as the meter event's `identifier`: Stripe counts
 * an identifier once, so a report repeated after a lost answer or a crash bills nothing twice.
 */
export function createMeterReporter(database: Database, stripe: Stripe, eventName: string, logger: Logger) {
  async function report(usage: MeterReport): Promise<void> {
    const customerId = await database.transaction(usage.tenantId, async (manager) => {
      const account = await manager.getRepository(BillingAccountEntity).findOneBy({ tenantId: usage.tenantId });
      return account?.customerId ?? null;
    });
    if (!customerId) {
      logger.warn({ usageRecordId: usage.id }, 'metered usage of a tenant without a Stripe customer');
      return;
    }
    await stripe.billing.meterEvents.create({
      event_name: eventName,
      identifier: usage.id,
      timestamp: Math.floor(usage.occurredAt.getTime() / 1000),
      payload: { stripe_customer_id: customerId, value: String(usage.quantity) },
    });
    await database.transaction(usage.tenantId, (manager) =>
      manager.getRepository(MeterReportEntity).update({ id: usage.id }, { reportedAt: new Date() }),
    );
  }

  const consumer: EventConsumer = {
    name: 'metered-usage',
    async handle(event: DomainEvent) {
      if (event.source !== 'tenant' || event.type !== 'MeteredUsageRecorded' || !event.tenantId) return;
      const payload = event.payload as MeteredUsagePayload;
      const usage: MeterReport = {
        id: payload.usageRecordId,
        tenantId: event.tenantId,
        metric: payload.metric,
        quantity: payload.quantity,
        occurredAt: new Date(payload.occurredAt),
        reportedAt: null,
        createdAt: new Date(),
      };
      const fresh = await consumeOnce(database, 'metered-usage', event, async (manager) => {
        await manager.createQueryBuilder().insert().into(MeterReportEntity).values(usage).orIgnore().execute();
      });
      if (fresh) await report(usage).catch((error: unknown) => logger.warn({ err: error }, 'meter event not sent yet'));
    },
  };

  /** Sends what was kept but not yet reported (Stripe was unreachable, or the process stopped). */
  async function retryUnreported(): Promise<number> {
    const pending = await database.system((manager) =>
      manager
        .getRepository(MeterReportEntity)
        .find({ where: { reportedAt: IsNull() }, order: { createdAt: 'ASC' }, take: 100 }),
    );
    let sent = 0;
    // One report Stripe will not take does not hold back the others.
    for (const usage of pending) {
      await report(usage).then(
        () => (sent += 1),
        (error: unknown) => logger.warn({ err: error, usageRecordId: usage.id }, 'meter event not sent yet'),
      );
    }
    return sent;
  }

  return { consumer, retryUnreported };
}
