import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.ts';
import { CACHED_WORKFLOW_BYTES, cachedWorkflowsFor, temporalSettings } from '../temporal.config.ts';

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

  it('caps the worker\'s workflow cache at what the heap limit holds', () => {
    const MiB = 1024 * 1024;
    // The heap limit a worker is given (README): room for about a thousand cached workflows.
    expect(cachedWorkflowsFor(384 * MiB)).toBe(1024);
    expect(cachedWorkflowsFor(2048 * MiB) * CACHED_WORKFLOW_BYTES).toBeLessThan(2048 * MiB);
    expect(cachedWorkflowsFor(64 * MiB)).toBe(10);
    const ceiling = cachedWorkflowsFor(getHeapStatistics().heap_size_limit);
    expect(temporalSettings(parseConfig({ TEMPORAL_WORKER_CACHED_WORKFLOWS: '12' })).worker.maxCachedWorkflows).toBe(12);
    expect(temporalSettings(parseConfig({ TEMPORAL_WORKER_CACHED_WORKFLOWS: String(ceiling + 1) })).worker.maxCachedWorkflows).toBe(ceiling);
  });
});
