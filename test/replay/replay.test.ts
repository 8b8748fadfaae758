/**
 * The replay safety net: every history committed under test/replay/histories/ (recorded by
 * record-histories.ts from real runs) is replayed with the current workflow code. A change that
 * would break workflows already running in production (a reordered, added or removed command
 * without `patched()`) fails here; see docs/workflow-versioning.md.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle, workflowsPath } from '../../workflow-bundle.ts';
import { quietTemporalLogs } from '../support/temporal.ts';

const historiesDirectory = fileURLToPath(new URL('./histories/', import.meta.url));
/** Where the mission workflow's activity calls are (workflows/mission.ts wires its handlers to it). */
const missionMachinePath = fileURLToPath(new URL('../../workflows/mission-machine.ts', import.meta.url));

const histories = readdirSync(historiesDirectory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, history: historyFromJSON(JSON.parse(readFileSync(path.join(historiesDirectory, file), 'utf8'))) }));

/** Replays each history with `workflowBundle`; answers the failures by file. */
async function replayAll(workflowBundle: WorkflowBundle, only?: (file: string) => boolean) {
  const selected = histories.filter(({ file }) => !only || only(file));
  const failures: Record<string, unknown> = {};
  const results = Worker.runReplayHistories(
    { workflowBundle, replayName: 'replay-test' },
    selected.map(({ file, history }) => ({ workflowId: file, history })),
  );
  for await (const result of results) if (result.error) failures[result.workflowId] = result.error;
  return { replayed: selected.length, failures };
}

/**
 * The mission workflow's code with the activity calls of `validate` and `sendForSignature`
 * swapped: the same workflow, issuing those two activities in the opposite order over a
 * mission's life. Generated from the current source at test time (never a kept copy), and it
 * fails loudly if the source no longer has those calls, so the test cannot pass vacuously.
 */
function withSwappedActivityCalls(source: string, first: string, second: string): string {
  const a = `askedActs.${first}(`;
  const b = `askedActs.${second}(`;
  if (source.split(a).length !== 2 || source.split(b).length !== 2) {
    throw new Error(`workflows/mission-machine.ts no longer calls ${a} and ${b} exactly once each: update the swap in test/replay/replay.test.ts`);
  }
  const placeholder = '\u0000swap\u0000';
  return source.replace(a, placeholder).replace(b, a).replace(placeholder, b);
}

/** Bundles the product's workflows with `workflows/mission-machine.ts` read as `variant`. */
async function bundleWithMissionMachine(variant: string): Promise<WorkflowBundle> {
  const directory = mkdtempSync(path.join(tmpdir(), 'echeance-replay-'));
  try {
    // A webpack loader that serves the variant instead of the file's content; the module keeps
    // its path, so its relative imports resolve as in the real bundle.
    const loader = path.join(directory, 'variant-loader.cjs');
    writeFileSync(loader, 'module.exports = function () { return this.getOptions().source; };\n');
    return await bundleWorkflowCode({
      workflowsPath,
      logger: quietBundlerLogger,
      webpackConfigHook: (config) => {
        config.module?.rules?.push({ test: (resource: string) => resource === missionMachinePath, enforce: 'pre', use: [{ loader, options: { source: variant } }] });
        return config;
      },
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const quietBundlerLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};

describe('replay of the committed workflow histories', () => {
  let current: WorkflowBundle;

  beforeAll(async () => {
    quietTemporalLogs();
    // The bundle the worker runs (workflow-bundle.ts: rebuilt whenever a source changed).
    const bundle = await workflowBundle();
    current = { code: 'code' in bundle ? bundle.code : readFileSync(bundle.codePath, 'utf8') };
  });

  it('has histories of every long-running workflow', () => {
    const types = new Set(histories.map(({ history }) => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name));
    expect([...types].sort()).toEqual(['followUpReminderWorkflow', 'informationRequestEmails', 'invoiceFollowUp', 'mission', 'quote', 'serviceLine']);
  });

  it('bundles no zod: every module of the bundle is evaluated again for each workflow (signals are checked by domain/signal-checks.ts)', () => {
    expect(current.code).toContain('./workflows/mission.ts');
    expect(current.code).not.toMatch(/node_modules\/zod\//);
  });

  it('replays every history with the current workflow code without non-determinism', async () => {
    const { replayed, failures } = await replayAll(current);
    expect(replayed).toBe(histories.length);
    expect(failures).toEqual({});
  });

  it('fails when two activity calls of the mission workflow are swapped', async () => {
    const source = readFileSync(missionMachinePath, 'utf8');
    const swapped = withSwappedActivityCalls(source, 'validateMission', 'sendMissionForSignature');
    expect(swapped).not.toBe(source);

    const { replayed, failures } = await replayAll(await bundleWithMissionMachine(swapped), (file) => file.startsWith('mission-full-life'));
    expect(replayed).toBeGreaterThan(0);
    const errors = Object.values(failures);
    expect(errors).toHaveLength(replayed);
    for (const error of errors) {
      expect(error).toBeInstanceOf(DeterminismViolationError);
      expect(String((error as Error).message)).toMatch(/validateMission|sendMissionForSignature/);
    }
  });
});
