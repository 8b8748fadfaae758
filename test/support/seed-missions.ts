import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { activateMission } from '../../domain/missions/activate-mission.ts';
import { createMission } from '../../domain/missions/create-mission.ts';
import type { MissionInput } from '../../domain/missions/mission-input.ts';
import type { MissionView } from '../../domain/missions/mission-view.ts';
import { signMission } from '../../domain/missions/sign-mission.ts';
import { validateMission } from '../../domain/missions/validate-mission.ts';
import { adminActor, seedVatService } from './seed-catalogue.ts';
import { seedClient } from './seed-clients.ts';
import type { SeededOrganisation } from './seed.ts';

/**
 * Missions in a given state of their lifecycle, brought there through the same use cases the
 * API and the mission workflow's activities call (so the rows, history entries and checks are
 * the real ones). No workflow runs: these seed the database for API and activity tests;
 * workflow tests go through the API instead (test/missions/support/mission-fixtures.ts).
 */
export type SeedMissionOptions = Partial<MissionInput> & {
  /** When the transitions happen (validation, signature, activation); now by default. */
  at?: Date;
};

/**
 * A draft mission for 2026 (created now): for a new client of the organisation unless
 * `clientId` is given, with one monthly line of a new VAT reminder service unless `lines` are.
 */
export async function seedDraftMission(db: Db, org: SeededOrganisation, options: SeedMissionOptions = {}): Promise<MissionView> {
  const { at: _at, ...input } = options;
  const clientId = input.clientId ?? (await seedClient(db, org)).id;
  const lines = input.lines ?? [{ serviceId: (await seedVatService(db, org)).id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 20 } }];
  return createMission(db, adminActor(org), { name: 'Mission 2026', startDate: '2026-01-01', endDate: '2026-12-31', createPastOccurrences: false, ...input, clientId, lines });
}

/** A mission validated by the organisation's admin (content frozen, waiting for a signature). */
export async function seedValidatedMission(db: Db, org: SeededOrganisation, options: SeedMissionOptions = {}): Promise<MissionView> {
  const draft = await seedDraftMission(db, org, options);
  return validateMission(db, adminActor(org), draft.id, options.at ?? new Date());
}

/** A mission validated, signed by hand ("Claire Martin") and activated, as the workflow does it. */
export async function seedActiveMission(db: Db, org: SeededOrganisation, options: SeedMissionOptions = {}): Promise<MissionView> {
  const at = options.at ?? new Date();
  const validated = await seedValidatedMission(db, org, { ...options, at });
  await signMission(db, adminActor(org), validated.id, { signatureId: `manual/${randomUUID()}`, signer: 'Claire Martin', signedAt: at.toISOString(), level: 'manual' });
  return activateMission(db, { kind: 'system', organisationId: org.organisationId, label: `Workflow mission/${validated.id}` }, validated.id, at);
}
