import { PubSub } from 'graphql-subscriptions';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDomainEvent } from '../../common/events/domain-event.ts';
import { inventoryLow } from './inventory.events.ts';
import { liveUpdatesConsumer } from './live-updates.consumer.ts';
import { lowStockTopic } from './live-topics.ts';

const tenantId = randomUUID();
const storeId = randomUUID();
const ingredientId = randomUUID();

async function publishedOn(
  topic: string,
  deliver: (consumer: ReturnType<typeof liveUpdatesConsumer>) => Promise<void>,
) {
  const pubsub = new PubSub();
  const received: unknown[] = [];
  await pubsub.subscribe(topic, (message: unknown) => received.push(message));
  await deliver(liveUpdatesConsumer(pubsub));
  return received;
}

describe('the live-updates consumer', () => {
  it("tells the store's low-stock subscribers which level fell, by id only", async () => {
    const event = inventoryLow(tenantId, { storeId, ingredientId, ingredientName: 'Milk', quantity: 4, threshold: 5 });
    const received = await publishedOn(lowStockTopic(storeId), (consumer) => consumer.handle(event));
    expect(received).toEqual([{ tenantId, storeId, ingredientId }]);
  });

  it('ignores events no live subscription is about', async () => {
    const event = createDomainEvent({
      type: 'StoreCreated',
      source: 'orders',
      tenantId,
      aggregateId: storeId,
      payload: { storeId },
    });
    const received = await publishedOn(lowStockTopic(storeId), (consumer) => consumer.handle(event));
    expect(received).toEqual([]);
  });
});
