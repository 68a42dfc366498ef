import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('starts on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.GATEWAY_PORT).toBe(4000);
    expect(config.DATA_DIR).toBe('.data');
  });

  it('treats an empty DATABASE_URL as unset rather than as a broken URL', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names the variable that holds a bad value', () => {
    expect(() => loadConfig({ ORDERS_PORT: 'seventy' })).toThrow(/ORDERS_PORT/);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });

  it('seeds 90 days of demo order history unless told a whole number of days up to a year', () => {
    expect(loadConfig({}).DEMO_HISTORY_DAYS).toBe(90);
    expect(loadConfig({ DEMO_HISTORY_DAYS: '0' }).DEMO_HISTORY_DAYS).toBe(0);
    expect(() => loadConfig({ DEMO_HISTORY_DAYS: '400' })).toThrow(/DEMO_HISTORY_DAYS/);
    expect(() => loadConfig({ DEMO_HISTORY_DAYS: '7.5' })).toThrow(/DEMO_HISTORY_DAYS/);
  });

  it('serves GraphiQL wherever introspection is on, unless GRAPHIQL=false, and refuses it in production', () => {
    expect(loadConfig({}).GRAPHIQL).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).GRAPHIQL).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).GRAPHIQL).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' })).toThrow(/GRAPHIQL: .*introspection/);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/GRAPHIQL/);
  });

  it('copies only accept-language from clients to subgraphs unless told other header names', () => {
    expect(loadConfig({}).PROPAGATED_HEADERS).toEqual(['accept-language']);
    expect(loadConfig({ PROPAGATED_HEADERS: ' Accept-Language, x-store-locale ,' }).PROPAGATED_HEADERS).toEqual([
      'accept-language',
      'x-store-locale',
    ]);
    expect(loadConfig({ PROPAGATED_HEADERS: '' }).PROPAGATED_HEADERS).toEqual([]);
  });

  it('refuses to propagate credentials or headers the gateway sets on subgraph calls', () => {
    for (const name of ['authorization', 'Cookie', 'x-internal-identity', 'x-request-id', 'host'])
      expect(() => loadConfig({ PROPAGATED_HEADERS: `accept-language,${name}` })).toThrow(/PROPAGATED_HEADERS/);
    expect(() => loadConfig({ PROPAGATED_HEADERS: 'accept language' })).toThrow(/PROPAGATED_HEADERS/);
  });

  it('runs every operation and reports those outside the trusted documents unless told off or enforce', () => {
    expect(loadConfig({}).TRUSTED_DOCUMENTS).toBe('allow');
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'enforce' }).TRUSTED_DOCUMENTS).toBe('enforce');
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'strict' })).toThrow(/TRUSTED_DOCUMENTS/);
    expect(() => loadConfig({ APQ_TTL_SECONDS: '0' })).toThrow(/APQ_TTL_SECONDS/);
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ GATEWAY_PORT: '-1', LOG_LEVEL: 'loud' });
      expect.fail('loadConfig accepted bad values');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => issue.split(':')[0])).toEqual(['LOG_LEVEL', 'GATEWAY_PORT']);
    }
  });

  it('limits requests by default and refuses limits that are not whole numbers in range', () => {
    const config = loadConfig({});
    expect(config.GRAPHQL_MAX_DEPTH).toBe(6);
    expect(config.REQUEST_BODY_LIMIT).toBe(1024 * 1024);
    expect(config.GRAPHQL_BATCHING).toBe(false);
    expect(loadConfig({ GRAPHQL_BATCHING: 'true' }).GRAPHQL_BATCHING).toBe(true);
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH/);
    expect(() => loadConfig({ REQUEST_BODY_LIMIT: '1mb' })).toThrow(/REQUEST_BODY_LIMIT/);
    expect(() => loadConfig({ GRAPHQL_BATCHING: 'yes' })).toThrow(/GRAPHQL_BATCHING/);
  });
});
