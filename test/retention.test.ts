import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetDataRetentionDocument } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { AuditEventEntity } from '../subgraphs/tenant/audit-event.entity.ts';
import { createRetentionService } from '../subgraphs/tenant/retention.service.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const DAY = 86_400_000;

async function recordActivity(tenantId: string, daysAgo: number): Promise<string> {
  const id = randomUUID();
  await subgraphDatabase(platform, 'tenant').system((manager) =>
    manager.getRepository(AuditEventEntity).insert({
      id,
      tenantId,
      subgraph: 'orders',
      operation: 'createStore',
      actorKind: 'user',
      actorId: null,
      targetIds: [],
      outcome: 'SUCCEEDED',
      clientIp: null,
      requestId: 'retention-test',
      occurredAt: new Date(Date.now() - daysAgo * DAY),
    }),
  );
  return id;
}

describe('data retention', () => {
  it('is set by the OWNER within bounds', async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { setDataRetention } = await owner.request(SetDataRetentionDocument, { input: { days: 30 } });
    expect(setDataRetention.tenant!.dataRetentionDays).toBe(30);
    const tooShort = await owner.request(SetDataRetentionDocument, { input: { days: 5 } });
    expect(tooShort.setDataRetention.errors.map((error) => error.code)).toEqual(['INVALID_RETENTION']);
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    expect(
      (await manager.execute(SetDataRetentionDocument, { input: { days: 90 } })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it("deletes activity older than the tenant's retention and keeps the rest", async () => {
    const expired = await recordActivity(demo.id, 40);
    const recent = await recordActivity(demo.id, 1);
    const keptForever = await recordActivity(rival.id, 400);

    expect(await createRetentionService(subgraphDatabase(platform, 'tenant')).sweep()).toBeGreaterThanOrEqual(1);
    const remaining = await subgraphDatabase(platform, 'tenant').system((manager) =>
      manager.getRepository(AuditEventEntity).find({ select: { id: true } }),
    );
    const ids = remaining.map((event) => event.id);
    expect(ids).not.toContain(expired);
    expect(ids).toEqual(expect.arrayContaining([recent, keptForever]));
  });
});
