/**
 * The activities of the mission workflows: thin adapters over the mission and occurrence use cases
 * (the same ones the API calls). Each is idempotent, because Temporal may run an activity again
 * after a crash or a timeout; business refusals (AppError) and adapter errors that will not
 * succeed on retry become non-retryable ApplicationFailures (see activities/final-failures.ts), so the
 * API can turn an update's failure back into the same HTTP problem and no workflow waits forever.
 */
import type { SignatureJson } from '../db/schema/index.ts';
import type { Actor } from '../domain/history/record-history.ts';
import { activateMission } from '../domain/missions/activate-mission.ts';
import { alertOverdueMission } from '../domain/missions/alert-overdue-mission.ts';
import { amendMission } from '../domain/missions/amend-mission.ts';
import { cancelMission } from '../domain/missions/cancel-mission.ts';
import { finishMission } from '../domain/missions/finish-mission.ts';
import type { AmendmentInput } from '../domain/missions/mission-input.ts';
import { missionPlanOf, type LinePlan, type MissionPlan } from '../domain/missions/mission-plan.ts';
import { findMission, type MissionView } from '../domain/missions/mission-view.ts';
import { sendMissionForSignature } from '../domain/missions/send-mission-for-signature.ts';
import { signMission } from '../domain/missions/sign-mission.ts';
import { validateMission } from '../domain/missions/validate-mission.ts';
import { createOccurrence, type CreateOccurrenceResult } from '../domain/occurrences/create-occurrence.ts';
import type { MissionStatus } from '../domain/missions/mission-lifecycle.ts';
import type { ActorRef } from '../workflows/mission.contract.ts';
import { refusalsAreFinal } from './final-failures.ts';
import type { ActivityDeps } from './index.ts';

/** What the mission workflow keeps of the database's mission. */
export interface MissionSnapshot {
  status: MissionStatus;
  endDate: string;
  validatedAt: string | null;
  sentForSignatureAt: string | null;
  signature: SignatureJson | null;
  activatedAt: string | null;
  overdueAlertedAt: string | null;
  /** The plan, once signed. */
  plan: MissionPlan | null;
}

/** Identifies the mission an activity works on. */
interface MissionRef {
  organisationId: string;
  missionId: string;
}

function snapshotOf(mission: MissionView): MissionSnapshot {
  return {
    status: mission.status,
    endDate: mission.endDate,
    validatedAt: mission.validatedAt?.toISOString() ?? null,
    sentForSignatureAt: mission.sentForSignatureAt?.toISOString() ?? null,
    signature: mission.signature,
    activatedAt: mission.activatedAt?.toISOString() ?? null,
    overdueAlertedAt: mission.overdueAlertedAt?.toISOString() ?? null,
    plan: mission.signedAt !== null ? missionPlanOf(mission) : null,
  };
}

function actorOf(ref: MissionRef, actor: ActorRef | undefined): Actor {
  if (actor?.kind === 'user') return { kind: 'user', organisationId: ref.organisationId, userId: actor.userId, label: actor.label };
  return { kind: 'system', organisationId: ref.organisationId, label: actor?.label ?? `Workflow mission/${ref.missionId}` };
}

/** The mission activities, over injected dependencies. */
export function createMissionActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** Reads the mission's status and plan: the workflow's starting point (and how it recovers). */
    async loadMission(ref: MissionRef): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => snapshotOf(await findMission(db, ref.organisationId, ref.missionId)));
    },

    /** Validates the draft (content frozen). */
    async validateMission(input: MissionRef & { actor: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => snapshotOf(await validateMission(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /** Marks the letter as sent for signature. */
    async sendMissionForSignature(input: MissionRef & { actor: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => snapshotOf(await sendMissionForSignature(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /** Records the signature (idempotent per signature id). */
    async signMission(input: MissionRef & { actor: ActorRef; signature: SignatureJson }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => snapshotOf(await signMission(db, actorOf(input, input.actor), input.missionId, input.signature)));
    },

    /** Moves the signed mission to active and returns its plan. */
    async activateMission(input: MissionRef & { at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => snapshotOf(await activateMission(db, actorOf(input, undefined), input.missionId, new Date(input.at))));
    },

    /** Applies an amendment (idempotent: the added lines' ids come from the workflow). */
    async amendMission(
      input: MissionRef & { actor: ActorRef; amendment: AmendmentInput; addedLineIds: string[]; at: string },
    ): Promise<{ snapshot: MissionSnapshot; effectiveFrom: string; added: LinePlan[]; changed: LinePlan[]; removed: string[] }> {
      return refusalsAreFinal(async () => {
        const result = await amendMission(db, actorOf(input, input.actor), input.missionId, input.amendment, { at: new Date(input.at), addedLineIds: input.addedLineIds });
        return { snapshot: snapshotOf(result.mission), effectiveFrom: result.effectiveFrom, added: result.added, changed: result.changed, removed: result.removed };
      });
    },

    /** Finishes the mission. */
    async finishMission(input: MissionRef & { actor?: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => snapshotOf(await finishMission(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /** Cancels the mission. */
    async cancelMission(input: MissionRef & { actor?: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => snapshotOf(await cancelMission(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /**
     * Raises the overdue alert of a mission still unsigned: records `overdue_alerted_at` and emails
     * the assignee once (idempotency key `mission-overdue/<missionId>`, so a retry never sends twice).
     */
    async alertOverdueMission(input: MissionRef & { at: string }): Promise<{ alerted: boolean; emailedTo: string | null; snapshot: MissionSnapshot }> {
      return refusalsAreFinal(async () => {
        const result = await alertOverdueMission(
          { db, emailSender: deps.emailSender, from: deps.config.EMAIL_FROM, publicBaseUrl: deps.config.PUBLIC_BASE_URL },
          actorOf(input, undefined),
          input.missionId,
          new Date(input.at),
        );
        return { alerted: result.alerted, emailedTo: result.emailedTo, snapshot: snapshotOf(result.mission) };
      });
    },

    /**
     * Creates one occurrence's tasks and information requests, exactly once per (line, deadline).
     * `at` is the workflow's clock, written as the rows' creation time.
     */
    async createOccurrence(input: MissionRef & { lineId: string; deadline: string; at: string }): Promise<CreateOccurrenceResult> {
      return refusalsAreFinal(() =>
        createOccurrence(db, actorOf(input, undefined), { missionId: input.missionId, lineId: input.lineId, deadline: input.deadline, at: new Date(input.at) }),
      );
    },
  };
}

export type MissionActivities = ReturnType<typeof createMissionActivities>;

