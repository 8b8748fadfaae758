/**
 * The contract of the mission workflows, shared by the workflows and the API (which imports it to
 * start, signal, update and query them). Names are stable: running workflows outlive deployments,
 * so workflow types, ids, signal/update/query names and payload fields only ever change by
 * addition.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { AmendmentInput } from '../domain/missions/mission-input.ts';
import type { MissionStatus, SignatureEvent, SignatureLevel, SignatureRecord } from '../domain/missions/mission-lifecycle.ts';
import type { LinePlan } from '../domain/missions/mission-plan.ts';
import type { LineSchedule, MissionBounds } from '../domain/missions/schedule.ts';
import type { SignatureProgress } from '../domain/signature/signature-progress.ts';

/** Workflow type of a mission (one per mission, id `mission/<missionId>`, see domain/missions/mission-lifecycle.ts). */
export const MISSION_WORKFLOW_TYPE = 'mission';
/** Workflow type of a mission line (a child of its mission, id {@link serviceLineWorkflowId}). */
export const SERVICE_LINE_WORKFLOW_TYPE = 'serviceLine';

/** `mission/<missionId>/line/<lineId>`. */
export function serviceLineWorkflowId(missionId: string, lineId: string): string {
  return `mission/${missionId}/line/${lineId}`;
}

/** Search attributes that make missions findable in the Temporal UI (registered in temporal.config.ts). */
export const searchAttributeKeys = {
  organizationId: defineSearchAttributeKey('OrganizationId', 'KEYWORD'),
  clientId: defineSearchAttributeKey('ClientId', 'KEYWORD'),
  missionStatus: defineSearchAttributeKey('MissionStatus', 'KEYWORD'),
} as const;

/** Who asked for a change, recorded in the history by the activity that applies it. */
export type ActorRef = { kind: 'user'; userId: string; label: string } | { kind: 'system'; label: string };

/** Input of the `mission` workflow. */
export interface MissionWorkflowInput {
  missionId: string;
  organisationId: string;
  clientId: string;
  /** Days a validated mission may stay unsigned before the overdue alert (config MISSION_OVERDUE_AFTER_DAYS). */
  overdueAfterDays: number;
  /** How many occurrences a line workflow creates before continuing as new (default 1). */
  occurrencesPerRun?: number;
}

/** A signature recorded by staff through the API (update `sign`); missing fields default in the workflow. */
export interface ManualSignature {
  signer: string;
  /** Defaults to the workflow's current time; never in the future. */
  signedAt?: string | undefined;
  documentHash?: string | undefined;
  level: SignatureLevel;
  /** Defaults to `manual/<update id>`. */
  signatureId?: string | undefined;
}

/** State of one line's workflow as its mission sees it. */
export interface LineWorkflowState {
  lineId: string;
  workflowId: string;
  state: 'starting' | 'running' | 'completed' | 'cancelled' | 'failed';
  /** Last deadline processed, once the line's workflow completed. */
  cursor: IsoDate | null;
  /** Deadlines before this date are not planned (amendment date). */
  from: IsoDate | null;
}

/** What the `state` query answers. */
export interface MissionWorkflowState {
  missionId: string;
  status: MissionStatus;
  validatedAt: string | null;
  signature: SignatureRecord | null;
  /** When the overdue alert fires if the mission is still unsigned (null once signed or alerted). */
  overdueAt: string | null;
  overdueAlertedAt: string | null;
  lines: LineWorkflowState[];
  /**
   * The letter's latest signature request: its status, each signer's (pending / signed /
   * declined, with times) and when unsigned signers are reminded next (null: no reminder due —
   * signed, ended, past expiry, or Yousign, which reminds by itself). Absent before sending.
   */
  signatureRequest?: (SignatureProgress & { nextReminderAt: string | null }) | null;
  /** True once the (unsigned) mission was deleted: the workflow has ended. */
  deleted?: boolean;
}

/** What the `amend` update answers. */
export interface AmendmentOutcome {
  state: MissionWorkflowState;
  effectiveFrom: IsoDate;
  added: string[];
  changed: string[];
  removed: string[];
}

/** Validate a draft mission (freezes its content). */
export const validateUpdate = defineUpdate<MissionWorkflowState, [ActorRef]>('validate');
/** Mark the engagement letter as sent for signature. */
export const sendForSignatureUpdate = defineUpdate<MissionWorkflowState, [ActorRef]>('sendForSignature');
/** Record a signature entered by staff; answers once the mission is active. */
export const signUpdate = defineUpdate<MissionWorkflowState, [{ actor: ActorRef; signature: ManualSignature }]>('sign');
/** Amend an active mission; answers once the affected lines are re-planned. */
export const amendUpdate = defineUpdate<AmendmentOutcome, [{ actor: ActorRef; amendment: AmendmentInput }]>('amend');
/** Finish the mission; answers once every line has stopped. */
export const finishUpdate = defineUpdate<MissionWorkflowState, [ActorRef]>('finish');
/** Cancel the mission; answers once every line has stopped. */
export const cancelUpdate = defineUpdate<MissionWorkflowState, [ActorRef]>('cancel');
/** The e-signature provider's event (webhook → signal). */
export const signatureReceivedSignal = defineSignal<[SignatureEvent]>('signatureReceived');
/** The letter's signature request moved on (a signer signed or declined, or it ended without signature). */
export const signatureProgressSignal = defineSignal<[SignatureProgress]>('signatureProgress');
/** Delete an unsigned mission (draft, validated, awaiting signature); answers once deleted. The workflow then ends. */
export const deleteUpdate = defineUpdate<MissionWorkflowState, [ActorRef]>('delete');
/** The mission's state. */
export const missionStateQuery = defineQuery<MissionWorkflowState>('state');

/** Input of a `serviceLine` workflow: the line's plan and where its walk stands (carried across continue-as-new). */
export interface ServiceLineInput {
  missionId: string;
  organisationId: string;
  clientId: string;
  lineId: string;
  schedule: LineSchedule;
  bounds: MissionBounds;
  signedOn: IsoDate;
  createPast: boolean;
  /** Only deadlines on or after this date (amendment date). */
  from?: IsoDate | undefined;
  /** Last deadline processed (null: none yet). */
  cursor: IsoDate | null;
  /** Occurrences processed by every run so far. */
  processed: number;
  /** Occurrences one run processes before continuing as new. */
  occurrencesPerRun: number;
}

/** What a completed `serviceLine` workflow returns. */
export interface ServiceLineResult {
  lineId: string;
  cursor: IsoDate | null;
  processed: number;
}

/** A new schedule for a running line (amendment), effective for deadlines on or after `from`. */
export interface LineReplan {
  schedule: LineSchedule;
  from: IsoDate;
}

/** Sent by the mission to a running line when an amendment changes it. */
export const lineReplannedSignal = defineSignal<[LineReplan]>('lineReplanned');

/** What the line's `state` query answers. */
export interface ServiceLineState {
  lineId: string;
  schedule: LineSchedule;
  from: IsoDate | null;
  cursor: IsoDate | null;
  processed: number;
  next: { deadline: IsoDate; createAt: string } | null;
}
export const serviceLineStateQuery = defineQuery<ServiceLineState>('state');

export type { LinePlan };
