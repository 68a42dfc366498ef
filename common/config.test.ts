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

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ GATEWAY_PORT: '-1', LOG_LEVEL: 'loud' });
      expect.fail('loadConfig accepted bad values');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => issue.split(':')[0])).toEqual(['LOG_LEVEL', 'GATEWAY_PORT']);
    }
  });
});
