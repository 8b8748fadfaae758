import { createRequire } from 'node:module';
import type * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { preloadedModules } from '../workflow-bundle.ts';

/** The esbuild tsx runs on (scripts/start.mjs does the same): only its module graph is used here. */
const require = createRequire(import.meta.url);
const { build }: typeof esbuild = require(createRequire(require.resolve('tsx/package.json')).resolve('esbuild'));

describe('modules preloaded into the shared workflow context', () => {
  it('import nothing from the Temporal SDK, whose state is per workflow', async () => {
    const { metafile } = await build({ entryPoints: preloadedModules, bundle: true, write: false, metafile: true, platform: 'neutral', mainFields: ['module', 'main'], outdir: 'unused', logLevel: 'silent' });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('domain/calendar/paris-time.ts');
    expect(inputs.filter((input) => input.includes('@temporalio/'))).toEqual([]);
  });
});
