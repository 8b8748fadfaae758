import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.ts';

describe('the configuration', () => {
  it('runs on the embedded database and Temporal server in development', () => {
    const config = parseConfig({});
    expect(config.NODE_ENV).toBe('development');
    expect(config.DATABASE_URL ?? null).toBeNull();
    expect(config.TEMPORAL_ADDRESS ?? null).toBeNull();
  });

  it('requires DATABASE_URL and TEMPORAL_ADDRESS in production, naming each', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const refusal = (() => {
      try {
        parseConfig({ NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal:7233' });
      } catch (error) {
        return error as ConfigError;
      }
      return null;
    })();
    expect(refusal?.issues).toEqual([expect.stringMatching(/^DATABASE_URL: required when NODE_ENV=production/)]);
    expect(parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/echeance', TEMPORAL_ADDRESS: 'temporal:7233' }).NODE_ENV).toBe('production');
  });
});
