import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EraseCustomerDocument,
  ExportMyDataDocument,
  LoginDocument,
  MeDocument,
  UpdateConsentsDocument,
  createGoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import type { DomainEvent } from '../common/events/domain-event.ts';
import type { Identity } from '../common/identity/identity.ts';
import { UserEntity } from '../subgraphs/tenant/user.entity.ts';
import { signInAs } from './support/sign-in.ts';
import { callSubgraphAs, subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];

describe('privacy', () => {
  it('lets a person set their consents and export everything held about them', async () => {
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    const { updateConsents } = await barista.request(UpdateConsentsDocument, { input: { marketingEmails: true } });
    expect(updateConsents.user!.consents).toMatchObject({
      marketingEmails: true,
      analytics: false,
      updatedAt: expect.any(String),
    });

    await expect
      .poll(
        async () => (await barista.request(ExportMyDataDocument)).exportMyData.activity.map((entry) => entry.operation),
        {
          timeout: 10_000,
        },
      )
      .toContain('updateConsents');
    const { exportMyData } = await barista.request(ExportMyDataDocument);
    expect(exportMyData.user).toMatchObject({ email: demoEmail(demo, 'BARISTA'), consents: { marketingEmails: true } });
    expect(exportMyData.memberships).toEqual([expect.objectContaining({ tenantSlug: demo.slug, role: 'BARISTA' })]);
    expect(exportMyData.activeSessions).toBeGreaterThanOrEqual(1);
  });

  it("keeps a person's consents from everyone else, a tenant's OWNER included", async () => {
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    const baristaId = (await barista.request(MeDocument)).me!.id;
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const ownerId = (await owner.request(MeDocument)).me!.id;
    const asOwner: Identity = {
      kind: 'user',
      userId: ownerId,
      tenantId: demo.id,
      roles: ['OWNER'],
      scopes: [],
      tier: 'PROFESSIONAL',
    };
    const body = await callSubgraphAs(
      platform,
      'tenant',
      asOwner,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { email consents { analytics } } } }',
      { r: [{ __typename: 'User', id: baristaId }] },
    );
    expect(body.data._entities[0]).toEqual({ email: demoEmail(demo, 'BARISTA'), consents: null });
    expect(body.errors!.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('erases a customer: personal data pseudonymised, sessions ended, other subgraphs told', async () => {
    const received: DomainEvent[] = [];
    const unsubscribe = await platform.bus.subscribe('privacy-test', async (event) => void received.push(event));
    const customer = await signInAs(platform.gatewayUrl, demo, 'CUSTOMER');
    const { me } = await customer.request(MeDocument);
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');

    const { eraseCustomer } = await owner.request(EraseCustomerDocument, { input: { userId: me!.id } });
    expect(eraseCustomer).toEqual({ erasedUserId: me!.id, errors: [] });
    const login = await createGoCoffeeClient({ url: platform.gatewayUrl }).request(LoginDocument, {
      input: { email: demoEmail(demo, 'CUSTOMER'), password: DEMO_PASSWORD },
    });
    expect(login.login.errors.map((error) => error.code)).toEqual(['INVALID_CREDENTIALS']);
    const stored = await subgraphDatabase(platform, 'tenant').system((manager) =>
      manager.getRepository(UserEntity).findOneByOrFail({ id: me!.id }),
    );
    expect(stored).toMatchObject({
      name: 'Erased customer',
      email: `erased+${me!.id}@erased.invalid`,
      erasedAt: expect.any(Date),
    });
    await expect.poll(() => received.filter((event) => event.type === 'CustomerErased')).toHaveLength(1);
    await unsubscribe();
  });

  it('erases only customers, and only of the caller’s tenant', async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    const baristaId = (await barista.request(MeDocument)).me!.id;
    const rivalCustomer = await signInAs(platform.gatewayUrl, rival, 'CUSTOMER');
    const rivalCustomerId = (await rivalCustomer.request(MeDocument)).me!.id;
    const codes = async (userId: string) =>
      (await owner.request(EraseCustomerDocument, { input: { userId } })).eraseCustomer.errors.map(
        (error) => error.code,
      );
    expect(await codes(baristaId)).toEqual(['NOT_A_CUSTOMER']);
    expect(await codes(rivalCustomerId)).toEqual(['NOT_FOUND']);
    expect((await rivalCustomer.request(MeDocument)).me!.email).toBe(demoEmail(rival, 'CUSTOMER'));
  });
});
