import { afterEach, describe, expect, it } from 'vitest';
import { testServices, uniqueName } from '../../test/support/test-services.ts';
import type { Cache } from './cache.ts';
import { createCache } from './create-cache.ts';
import { createMemoryCache } from './memory-cache.ts';

const opened: Cache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
});

const adapters = [
  { name: 'in-memory', redisUrl: undefined },
  ...(testServices.redisUrl ? [{ name: 'Redis', redisUrl: testServices.redisUrl }] : []),
];

describe.each(adapters)('the $name cache', ({ redisUrl }) => {
  const cache = (prefix = `${uniqueName('cache')}:`) => {
    const created = createCache({ REDIS_URL: redisUrl, REDIS_PREFIX: prefix });
    opened.push(created);
    return created;
  };

  it('gives back a copy of what was set, until it is deleted', async () => {
    const menus = cache();
    const menu = { store: 'harbour', items: [{ name: 'flat white', price: { amount: 380, currency: 'EUR' } }] };
    await menus.set('menu:harbour', menu, 60);
    const cached = await menus.get<typeof menu>('menu:harbour');
    expect(cached).toEqual(menu);
    expect(cached).not.toBe(menu);
    await menus.delete('menu:harbour');
    expect(await menus.get('menu:harbour')).toBeUndefined();
  });

  it('answers undefined for a key never set', async () => {
    expect(await cache().get('nothing here')).toBeUndefined();
  });

  it('refuses a TTL that is not a positive whole number of seconds, and an undefined value', async () => {
    const menus = cache();
    await expect(menus.set('menu', {}, 0)).rejects.toThrow(RangeError);
    await expect(menus.set('menu', {}, 1.5)).rejects.toThrow(RangeError);
    await expect(menus.set('menu', undefined, 60)).rejects.toThrow(TypeError);
  });
});

describe('the in-memory cache', () => {
  it('forgets a value once its TTL has passed', async () => {
    let now = 1_000_000;
    const cache = createMemoryCache({ now: () => now });
    await cache.set('quote', { rate: 1.08 }, 30);
    now += 29_999;
    expect(await cache.get('quote')).toEqual({ rate: 1.08 });
    now += 1;
    expect(await cache.get('quote')).toBeUndefined();
  });

  it('makes room by evicting the entry written longest ago', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await cache.set(key, key, 60);
    await cache.set('a', 'a again', 60);
    await cache.set('d', 'd', 60);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('a again');
    expect(await cache.get('c')).toBe('c');
    expect(await cache.get('d')).toBe('d');
  });
});

describe.skipIf(!testServices.redisUrl)('the Redis cache', () => {
  const cache = (prefix: string) => {
    const created = createCache({ REDIS_URL: testServices.redisUrl, REDIS_PREFIX: prefix });
    opened.push(created);
    return created;
  };

  it('shares values between instances with the same prefix, and only with them', async () => {
    const prefix = `${uniqueName('cache')}:`;
    await cache(prefix).set('tier:acme', 'PRO', 60);
    expect(await cache(prefix).get('tier:acme')).toBe('PRO');
    expect(await cache(`${uniqueName('cache')}:`).get('tier:acme')).toBeUndefined();
  });

  it('forgets a value once its TTL has passed', async () => {
    const quotes = cache(`${uniqueName('cache')}:`);
    await quotes.set('quote', { rate: 1.08 }, 1);
    expect(await quotes.get('quote')).toEqual({ rate: 1.08 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await quotes.get('quote')).toBeUndefined();
  });
});
