/**
 * The quote tests' set-up: the mission harness's database, time-skipping server, real worker and
 * HTTP app (one fixture for every workflow-backed area), plus a second organisation and its
 * admin's client on the same app, for the tenancy checks.
 */
import { seedOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { testServiceClock } from '../../adapters/temporal/dev-clock.ts';
import type { AppDeps } from '../../api/context.ts';

export interface QuoteHarness extends MissionHarness {
  other: Awaited<ReturnType<typeof seedOrganisation>>;
  /** The other organisation's admin. */
  stranger: ApiClient;
  /** An API client for any token, on an app wired like the harness's (extra dependencies allowed). */
  clientFor(token: string, overrides?: Partial<AppDeps>): ApiClient;
}

export async function startQuoteHarness(options: Parameters<typeof startMissionHarness>[0] = {}): Promise<QuoteHarness> {
  const h = await startMissionHarness(options);
  const other = await seedOrganisation(h.database.db);
  const clientFor = (token: string, overrides: Partial<AppDeps> = {}) =>
    apiClient(createTestApp(h.database, { temporal: { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} }, devClock: testServiceClock(h.env.connection), ...overrides }), token);
  return Object.assign(h, { other, stranger: clientFor(other.adminToken), clientFor });
}
