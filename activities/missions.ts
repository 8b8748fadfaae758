/**
 * The activities of the mission workflows: thin adapters over the mission and occurrence use cases
 * (the same ones the API calls). Each is idempotent, because Temporal may run an activity again
 * after a crash or a timeout; business refusals (AppError) and adapter errors that will not
 * succeed on retry become non-retryable ApplicationFailures (see activities/final-failures.ts), so the
 * API can turn an update's failure back into the same HTTP problem and no workflow waits forever.
 */
import { and, eq, sql } from 'drizzle-orm';
import { preparedPerDb, type Db } from '../db/client.ts';
import { missionLetters, missions, signatureRequests, type SignatureJson } from '../db/schema/index.ts';
import { freezeMissionLetter } from '../domain/letters/mission-letter.ts';
import { deleteMission } from '../domain/missions/delete-mission.ts';
import { endMissionSignature, type SignatureEnding } from '../domain/missions/end-mission-signature.ts';
import { AppError } from '../domain/errors.ts';
import { cancelEndedRequestsAtProvider } from '../domain/signature/cancel-at-provider.ts';
import { expireSignatureRequest } from '../domain/signature/expire-signature-request.ts';
import { remindSignatureSigners } from '../domain/signature/remind-signature-signers.ts';
import type { SignatureDeps } from '../domain/signature/signature-deps.ts';
import type { SignatureProgress } from '../domain/signature/signature-progress.ts';
import { latestSignatureRequestOf, signatureProgressOf } from '../domain/signature/signature-request.ts';
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
  /**
   * The engagement letter: none (signed on paper, recorded by hand), a draft, or frozen into its
   * PDF. Absent from snapshots recorded before letters were generated.
   */
  letter?: 'none' | 'draft' | 'frozen';
  /** The letter's latest signature request (absent from snapshots recorded before signature requests). */
  signatureRequest?: SignatureProgress | null;
}

/** Identifies the mission an activity works on. */
interface MissionRef {
  organisationId: string;
  missionId: string;
}

/**
 * What a snapshot adds to the mission: its letter's state, and whether it has any signature
 * request. One prepared query, run after every transition: most missions have no request, and
 * then the request is not read.
 */
const letterAndRequest = preparedPerDb((db) =>
  db
    .select({
      letterMissionId: missionLetters.missionId,
      frozenAt: missionLetters.frozenAt,
      documentId: missionLetters.documentId,
      hasRequest: sql<boolean>`exists (select 1 from ${signatureRequests} where ${signatureRequests.organisationId} = ${missions.organisationId} and ${signatureRequests.subjectType} = 'mission' and ${signatureRequests.subjectId} = ${missions.id})`,
    })
    .from(missions)
    .leftJoin(missionLetters, and(eq(missionLetters.organisationId, missions.organisationId), eq(missionLetters.missionId, missions.id)))
    .where(and(eq(missions.organisationId, sql.placeholder('organisationId')), eq(missions.id, sql.placeholder('missionId'))))
    .prepare('mission_snapshot_letter_and_request'),
);

async function snapshotOf(db: Db, mission: MissionView): Promise<MissionSnapshot> {
  const [extras] = await letterAndRequest(db).execute({ organisationId: mission.organisationId, missionId: mission.id });
  const letter = extras?.letterMissionId ? extras : undefined;
  const request = extras?.hasRequest ? await latestSignatureRequestOf(db, mission.organisationId, { type: 'mission', id: mission.id }) : null;
  return {
    status: mission.status,
    endDate: mission.endDate,
    validatedAt: mission.validatedAt?.toISOString() ?? null,
    sentForSignatureAt: mission.sentForSignatureAt?.toISOString() ?? null,
    signature: mission.signature,
    activatedAt: mission.activatedAt?.toISOString() ?? null,
    overdueAlertedAt: mission.overdueAlertedAt?.toISOString() ?? null,
    plan: mission.signedAt !== null ? missionPlanOf(mission) : null,
    letter: !letter ? 'none' : letter.frozenAt && letter.documentId ? 'frozen' : 'draft',
    signatureRequest: request ? signatureProgressOf(request) : null,
  };
}

function actorOf(ref: MissionRef, actor: ActorRef | undefined): Actor {
  if (actor?.kind === 'user') return { kind: 'user', organisationId: ref.organisationId, userId: actor.userId, label: actor.label };
  return { kind: 'system', organisationId: ref.organisationId, label: actor?.label ?? `Workflow mission/${ref.missionId}` };
}

/** The signature module, which the letter activities need (the worker of `npm start` has it). */
function signatureOf(deps: ActivityDeps): SignatureDeps {
  if (!deps.signature) throw new AppError('unavailable', 'The worker has no signature module: letters cannot be rendered or their signers reminded', { reason: 'signature_not_configured' });
  return deps.signature;
}

/** The mission activities, over injected dependencies. */
export function createMissionActivities(deps: ActivityDeps) {
  const { db } = deps;
  const alertDeps = { db, emailSender: deps.emailSender, from: deps.config.EMAIL_FROM, publicBaseUrl: deps.config.PUBLIC_BASE_URL };
  return {
    /** Reads the mission's status and plan: the workflow's starting point (and how it recovers). */
    async loadMission(ref: MissionRef): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => await snapshotOf(db, await findMission(db, ref.organisationId, ref.missionId)));
    },

    /** Validates the draft (content frozen). */
    async validateMission(input: MissionRef & { actor: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => await snapshotOf(db, await validateMission(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /** Marks the letter as sent for signature. */
    async sendMissionForSignature(input: MissionRef & { actor: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => await snapshotOf(db, await sendMissionForSignature(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /** Records the signature (idempotent per signature id). */
    async signMission(input: MissionRef & { actor: ActorRef; signature: SignatureJson }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => await snapshotOf(db, await signMission(db, actorOf(input, input.actor), input.missionId, input.signature)));
    },

    /** Moves the signed mission to active and returns its plan. */
    async activateMission(input: MissionRef & { at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => await snapshotOf(db, await activateMission(db, actorOf(input, undefined), input.missionId, new Date(input.at))));
    },

    /** Applies an amendment (idempotent: the added lines' ids come from the workflow). */
    async amendMission(
      input: MissionRef & { actor: ActorRef; amendment: AmendmentInput; addedLineIds: string[]; at: string },
    ): Promise<{ snapshot: MissionSnapshot; effectiveFrom: string; added: LinePlan[]; changed: LinePlan[]; removed: string[] }> {
      return refusalsAreFinal(async () => {
        const result = await amendMission(db, actorOf(input, input.actor), input.missionId, input.amendment, { at: new Date(input.at), addedLineIds: input.addedLineIds });
        return { snapshot: await snapshotOf(db, result.mission), effectiveFrom: result.effectiveFrom, added: result.added, changed: result.changed, removed: result.removed };
      });
    },

    /** Finishes the mission. */
    async finishMission(input: MissionRef & { actor?: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => await snapshotOf(db, await finishMission(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /** Cancels the mission. */
    async cancelMission(input: MissionRef & { actor?: ActorRef; at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => await snapshotOf(db, await cancelMission(db, actorOf(input, input.actor), input.missionId, new Date(input.at))));
    },

    /**
     * Raises the overdue alert of a mission still unsigned: records `overdue_alerted_at` and emails
     * the assignee once (idempotency key `mission-overdue/<missionId>`, so a retry never sends twice).
     */
    async alertOverdueMission(input: MissionRef & { at: string }): Promise<{ alerted: boolean; emailedTo: string | null; snapshot: MissionSnapshot }> {
      return refusalsAreFinal(async () => {
        const result = await alertOverdueMission(alertDeps, actorOf(input, undefined), input.missionId, new Date(input.at));
        return { alerted: result.alerted, emailedTo: result.emailedTo, snapshot: await snapshotOf(db, result.mission) };
      });
    },

    /**
     * Freezes the validated mission's letter (seed 000 step 4): renders it to PDF into the chosen
     * folder of the client's document store with its sha256. Idempotent — a retry or a re-run after
     * a crash finds the letter frozen, and the document is written in the same transaction as the
     * freeze — so there is only ever one document.
     */
    async freezeMissionLetter(input: MissionRef & { at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => {
        const signature = signatureOf(deps);
        await freezeMissionLetter({ db, storage: signature.storage, renderer: signature.renderer }, actorOf(input, undefined), input.missionId, new Date(input.at));
        return snapshotOf(db, await findMission(db, input.organisationId, input.missionId));
      });
    },

    /**
     * The letter's signature request ended without signature: the mission goes back to validated
     * and its assignee is emailed (once per request).
     */
    async endMissionSignature(input: MissionRef & SignatureEnding & { at: string }): Promise<MissionSnapshot> {
      return refusalsAreFinal(async () => {
        const { requestId, outcome, reason } = input;
        const result = await endMissionSignature(alertDeps, actorOf(input, undefined), input.missionId, { requestId, outcome, reason });
        return snapshotOf(db, result.mission);
      });
    },

    /** Reminds the unsigned signers of the letter's request whose turn has come (once per round). */
    async remindMissionSigners(input: MissionRef & { requestId: string; round: number; at: string }): Promise<SignatureProgress> {
      return refusalsAreFinal(async () => signatureProgressOf(await remindSignatureSigners(signatureOf(deps), input.organisationId, input.requestId, input.round, new Date(input.at))));
    },

    /** Expires the letter's built-in or manual request once its expiry date has passed (Yousign expires its own). */
    async expireMissionSignature(input: MissionRef & { requestId: string; at: string }): Promise<SignatureProgress> {
      return refusalsAreFinal(async () => signatureProgressOf(await expireSignatureRequest({ db }, input.organisationId, input.requestId, new Date(input.at))));
    },

    /**
     * Once the mission was deleted or cancelled unsigned: its letter's Yousign requests, canceled
     * here, are withdrawn at Yousign too, so the signers can no longer sign there (idempotent).
     */
    async cancelMissionSignaturesAtProvider(input: MissionRef): Promise<{ withdrawn: number; alreadyClosed: number }> {
      return refusalsAreFinal(() => cancelEndedRequestsAtProvider({ db, yousign: deps.signature?.yousign }, input.organisationId, { type: 'mission', id: input.missionId }));
    },

    /** Deletes the unsigned mission (idempotent: a mission already deleted answers `deleted: false`). */
    async deleteMission(input: MissionRef & { actor: ActorRef; at: string }): Promise<{ deleted: boolean }> {
      return refusalsAreFinal(() => deleteMission(db, actorOf(input, input.actor), input.missionId, new Date(input.at)));
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

