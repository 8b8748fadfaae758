/**
 * The mission lifecycle, in one place: the statuses, their groups, which command may run from
 * which status and where it leads, the refusal, the signature a mission records and the id of the
 * workflow that drives it.
 *
 * The use cases (`domain/missions/*-mission.ts`), the workflow's update validators
 * (`workflows/mission-machine.ts`) and the API handlers (`api/routes/missions/`) all read this
 * table; nobody else spells a status list or a transition rule. Pure: no database, no Temporal,
 * so the workflow bundle imports it as is. Stable: running workflows and stored rows use these
 * names, so they only ever change by addition.
 */
import { AppError } from '../errors.ts';
import { commandChecks } from '../lifecycle-rules.ts';
import { failingFields, instant, oneOf, optional, pickFields, text } from '../signal-checks.ts';

/** Every status of a mission (`missions.status`, the workflow's state, the `MissionStatus` search attribute). */
export const missionStatuses = ['draft', 'validated', 'awaiting_signature', 'signed', 'active', 'finished', 'cancelled'] as const;
export type MissionStatus = (typeof missionStatuses)[number];

/** Statuses in which a mission waits for its engagement letter to be signed (the overdue alert runs there). */
export const unsignedStatuses: readonly MissionStatus[] = ['validated', 'awaiting_signature'];

/** Statuses a mission never leaves (its workflow has ended). */
export const closedStatuses: readonly MissionStatus[] = ['finished', 'cancelled'];

/** One command of the lifecycle. */
export interface MissionCommandRule {
  /** Statuses the command runs from. */
  from: readonly MissionStatus[];
  /** Where it leads; null for a command that changes content, not the status. */
  to: MissionStatus | null;
  /**
   * Statuses in which asking again is answered as done, without a change: the retry of a command
   * that already ran (a repeated HTTP request, a re-run activity).
   */
  done: readonly MissionStatus[];
  /** Past participle for the refusal: "it cannot be <verb>". */
  verb: string;
  /** Why, when refused from one of these statuses. */
  hint?: { when: readonly MissionStatus[]; text: string };
}

const notClosed: readonly MissionStatus[] = ['draft', 'validated', 'awaiting_signature', 'signed', 'active'];

/** The table: command → allowed from statuses → leads to. */
export const missionCommands = {
  /** Staff edit a draft (`PATCH /missions/{id}`). */
  edit: { from: ['draft'], to: null, done: [], verb: 'edited', hint: { when: ['validated', 'awaiting_signature', 'signed', 'active'], text: 'a validated mission is frozen: create a new mission' } },
  /** The content is frozen (lead times and prices copied into the lines). */
  validate: { from: ['draft'], to: 'validated', done: ['validated', 'awaiting_signature', 'signed', 'active', 'finished'], verb: 'validated' },
  /** The engagement letter went to the client. */
  sendForSignature: { from: ['validated'], to: 'awaiting_signature', done: ['awaiting_signature'], verb: 'sent for signature' },
  /** The letter is signed (by staff, or the e-signature provider's event); a second signature is checked by id. */
  sign: { from: unsignedStatuses, to: 'signed', done: [], verb: 'signed', hint: { when: ['draft'], text: 'validate it first' } },
  /** The workflow starts the lines of a signed mission. */
  activate: { from: ['signed'], to: 'active', done: ['active'], verb: 'activated' },
  /** Lines added, removed or re-scheduled on an active mission. */
  amend: { from: ['active'], to: null, done: [], verb: 'amended', hint: { when: ['draft', 'validated', 'awaiting_signature', 'signed'], text: 'only an active mission is amended' } },
  /**
   * The letter's signature request ended without signature (declined, expired, canceled): back to
   * validated, ready to be sent again; the assignee is alerted.
   */
  signatureEnded: { from: ['awaiting_signature'], to: 'validated', done: ['validated'], verb: 'returned to validated' },
  /** An unsigned mission is deleted (its workflow ends); a signed one is finished or cancelled instead. */
  delete: {
    from: ['draft', 'validated', 'awaiting_signature'],
    to: null,
    done: [],
    verb: 'deleted',
    hint: { when: ['signed', 'active', 'finished', 'cancelled'], text: 'only an unsigned mission is deleted; a signed one is cancelled or finished' },
  },
  /** Still unsigned after MISSION_OVERDUE_AFTER_DAYS: the assignee is alerted (status unchanged). */
  alertOverdue: { from: unsignedStatuses, to: null, done: [], verb: 'alerted as overdue' },
  /** Ends the engagement; every line stops. */
  finish: { from: ['signed', 'active'], to: 'finished', done: ['finished'], verb: 'finished' },
  /** Drops a draft, an unsigned letter or an active engagement; every line stops. */
  cancel: { from: notClosed, to: 'cancelled', done: ['cancelled'], verb: 'cancelled' },
} as const satisfies Record<string, MissionCommandRule>;

export type MissionCommand = keyof typeof missionCommands;

const ruleOf = (command: MissionCommand): MissionCommandRule => missionCommands[command];

/** `mayRun(command, status)`: the command may run; `isDone(command, status)`: it already ran, asking again changes nothing. */
export const { mayRun, isDone } = commandChecks<MissionStatus, MissionCommand>(missionCommands);

/** True when asking `command` in `status` gets an answer (it runs, or it is done already). */
export function isAccepted(command: MissionCommand, status: MissionStatus): boolean {
  return mayRun(command, status) || isDone(command, status);
}

/** The stable `reason` of a refusal because of the mission's status. */
export const MISSION_STATUS_CONFLICT = 'mission_status_conflict';

/** "The mission is awaiting signature; it cannot be edited (a validated mission is frozen)". */
export function missionConflictMessage(command: MissionCommand, status: MissionStatus): string {
  const rule = ruleOf(command);
  const hint = rule.hint?.when.includes(status) ? ` (${rule.hint.text})` : '';
  return `The mission is ${status.replace('_', ' ')}; it cannot be ${rule.verb}${hint}`;
}

/** What a refusal carries beside its message (problem+json fields, workflow failure details). */
export function missionConflictDetails(command: MissionCommand, status: MissionStatus) {
  return { reason: MISSION_STATUS_CONFLICT, missionStatus: status, command };
}

/** The 409 of `command` refused in `status`. */
export function missionConflict(command: MissionCommand, status: MissionStatus): AppError {
  return new AppError('conflict', missionConflictMessage(command, status), missionConflictDetails(command, status));
}

/** Refuses with 409 unless `command` may run from the mission's status. */
export function assertMayRun(mission: { status: MissionStatus }, command: MissionCommand): void {
  if (!mayRun(command, mission.status)) throw missionConflict(command, mission.status);
}

// ---- the workflow -----------------------------------------------------------------------------

/** `mission/<missionId>`: derived from the business id, so a replayed create finds the same workflow. */
export function missionWorkflowId(missionId: string): string {
  return `mission/${missionId}`;
}

// ---- the signature ----------------------------------------------------------------------------

/** E-signature levels (eIDAS) plus `manual` for a letter signed on paper and recorded by staff. */
export const signatureLevels = ['simple', 'advanced', 'qualified', 'manual'] as const;
export type SignatureLevel = (typeof signatureLevels)[number];

/**
 * The signature event the e-signature provider integration sends (signal `signatureReceived`).
 * Duplicates (same `signatureId`) are no-ops.
 */
export interface SignatureEvent {
  signatureId: string;
  signer: string;
  signedAt: string;
  documentHash?: string | undefined;
  level: SignatureLevel;
}

const signatureEventChecks = {
  signatureId: text(200),
  signer: text(200),
  signedAt: instant,
  documentHash: optional(text(200)),
  level: oneOf(signatureLevels),
};

/** A `signatureReceived` payload as a {@link SignatureEvent}, or the fields that are malformed. */
export function readSignatureEvent(value: unknown): { event: SignatureEvent } | { malformed: string[] } {
  const malformed = failingFields(value, signatureEventChecks);
  return malformed.length > 0 ? { malformed } : { event: pickFields<SignatureEvent>(value, signatureEventChecks) };
}

/** A signature as the mission records it (`missions.signature`; older records may lack the level). */
export interface SignatureRecord {
  signatureId: string;
  signer: string;
  signedAt: string;
  documentHash?: string | undefined;
  level?: SignatureLevel | undefined;
}

/** The stable `reason` of a second, different signature of a signed mission. */
export const MISSION_ALREADY_SIGNED = 'mission_already_signed';
