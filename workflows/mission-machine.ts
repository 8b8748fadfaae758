/**
 * The state and transitions of one `mission` workflow (samples-typescript
 * `message-passing/safe-message-handlers`' ClusterManager): what the workflow knows of the
 * mission, its line children, and each command as a method. `workflows/mission.ts` only wires
 * the handlers to these methods and runs the main loop.
 *
 * Which command may run from which status comes from the lifecycle table
 * (domain/missions/mission-lifecycle.ts), shared with the use cases and the API.
 *
 * Replay safety: the order of the commands these methods issue (activities, children, timers,
 * signals, search attributes) is recorded in every running mission's history. Changing it needs
 * `patched()` (see docs/workflow-versioning.md); test/replay replays committed histories.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  patched,
  startChild,
  upsertSearchAttributes,
  uuid4,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { MissionSnapshot } from '../activities/missions.ts';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import { businessDateOf } from '../domain/calendar/paris-time.ts';
import type { AmendmentInput } from '../domain/missions/mission-input.ts';
import {
  isAccepted,
  isDone,
  MISSION_ALREADY_SIGNED,
  missionConflictDetails,
  missionConflictMessage,
  mayRun,
  readSignatureEvent,
  unsignedStatuses,
  type MissionCommand,
  type MissionStatus,
  type SignatureEvent,
} from '../domain/missions/mission-lifecycle.ts';
import type { LinePlan, MissionPlan } from '../domain/missions/mission-plan.ts';
import { hasEndedWithoutSignature, malformedSignatureProgress, mergeSignatureProgress, type SignatureProgress } from '../domain/signature/signature-progress.ts';
import {
  lineReplannedSignal,
  searchAttributeKeys,
  serviceLineWorkflowId,
  type ActorRef,
  type AmendmentOutcome,
  type LineWorkflowState,
  type ManualSignature,
  type MissionWorkflowInput,
  type MissionWorkflowState,
} from './mission.contract.ts';
import {
  acts,
  alertActs,
  askedActs,
  letterActs,
  loadAndActivateActs,
  PATCH_STOP_LINE_BY_ID,
  PATCH_VALIDATION_FREEZES_LETTER,
} from './mission-activity-proxies.ts';
import { serviceLine } from './service-line.ts';

/** After the overdue alert's attempts fail (OVERDUE_ALERT_RETRY), it is tried again this much later. */
const OVERDUE_ALERT_RETRY_LATER_MS = 60 * 60 * 1000;
/** A signature dated later than the workflow's clock by more than this is refused. */
const SIGNATURE_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * A line continues as new after each occurrence: a run's history is then one occurrence long, so
 * a line evicted from the worker's cache replays in a few milliseconds when its next timer fires,
 * and the request workflows it started (abandoned children) no longer wake it when they end: a
 * closed run is not told. With hundreds of missions whose lines all wake on the same deadline,
 * evictions are the rule (bench:engine, README). Only lines started from now on take it: a line's
 * input carries its own.
 */
const DEFAULT_OCCURRENCES_PER_RUN = 1;

interface LineChild extends LineWorkflowState {
  scope: CancellationScope;
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An activity's business refusal, rethrown as is so it fails the update (not the workflow). */
async function refusable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) throw error.cause;
    throw error;
  }
}

/** The state machine of one mission workflow. */
export class MissionMachine {
  /** Who the workflow itself acts as (activation, end of mission). */
  readonly system: ActorRef;
  /** Who the e-signature provider's events act as. */
  readonly provider: ActorRef = { kind: 'system', label: 'Signature provider' };

  /** True once the mission was read from the database (updates wait for it). */
  loaded = false;
  status: MissionStatus = 'draft';
  snapshot: MissionSnapshot | null = null;
  plan: MissionPlan | null = null;
  /** A provider's signature event received by the signal, applied by the main loop. */
  pendingSignature: SignatureEvent | null = null;
  /** The letter's latest signature request, as the database and the `signatureProgress` signals report it. */
  signatureRequest: SignatureProgress | null = null;
  /** True once the unsigned mission was deleted (`delete` update): the workflow ends. */
  deleted = false;
  /** Reminder rounds sent per request (a round that found nobody to remind still counts). */
  private readonly reminderRounds = new Map<string, number>();
  /** Requests whose end without signature was handled, and built-in requests whose expiry was applied. */
  private readonly handledEndings = new Set<string>();
  private readonly expiryApplied = new Set<string>();
  /** Where the overdue alert stands beyond the snapshot: tried again later, or given up for good. */
  private overdueAlert: { retryAtMs: number } | 'abandoned' | null = null;
  readonly lines = new Map<string, LineChild>();
  private turn: Promise<unknown> = Promise.resolve();
  private readonly ref: { organisationId: string; missionId: string };
  private readonly occurrencesPerRun: number;

  constructor(private readonly input: MissionWorkflowInput) {
    this.ref = { organisationId: input.organisationId, missionId: input.missionId };
    this.occurrencesPerRun = input.occurrencesPerRun ?? DEFAULT_OCCURRENCES_PER_RUN;
    this.system = { kind: 'system', label: `Workflow mission/${input.missionId}` };
  }

  // ---- state ---------------------------------------------------------------------------------

  private now(): string {
    return new Date(Date.now()).toISOString();
  }

  isUnsigned(): boolean {
    return unsignedStatuses.includes(this.status);
  }

  /**
   * When the overdue alert fires: unsigned `overdueAfterDays` after the letter was sent for
   * signature (or, unsent, after validation); null once signed, alerted or given up.
   */
  overdueAtMs(): number | null {
    const snapshot = this.snapshot;
    const since = snapshot?.sentForSignatureAt ?? snapshot?.validatedAt;
    if (!since || snapshot?.overdueAlertedAt || !this.isUnsigned() || this.overdueAlert === 'abandoned') return null;
    return this.overdueAlert?.retryAtMs ?? Date.parse(since) + this.input.overdueAfterDays * DAY_MS;
  }

  /** What the `state` query answers. */
  state(): MissionWorkflowState {
    const overdueAt = this.overdueAtMs();
    return {
      missionId: this.input.missionId,
      status: this.status,
      validatedAt: this.snapshot?.validatedAt ?? null,
      signature: this.snapshot?.signature ?? null,
      overdueAt: overdueAt === null ? null : new Date(overdueAt).toISOString(),
      overdueAlertedAt: this.snapshot?.overdueAlertedAt ?? null,
      lines: [...this.lines.values()].map(({ scope: _scope, ...line }) => line),
      signatureRequest: this.signatureRequest && { ...this.signatureRequest, nextReminderAt: isoOrNull(this.nextReminderAtMs()) },
      deleted: this.deleted,
    };
  }

  // ---- the letter's signature request --------------------------------------------------------

  /** Takes a report of the letter's signature request (activity result or signal); reports merge in any order. */
  private takeSignatureProgress(progress: SignatureProgress): void {
    this.signatureRequest = mergeSignatureProgress(this.signatureRequest, progress);
  }

  /** The `signatureProgress` signal: a well-formed report is merged, a malformed one logged. */
  receiveSignatureProgress(event: unknown): void {
    const malformed = malformedSignatureProgress(event);
    if (malformed.length > 0) {
      log.warn('malformed signature progress ignored', { malformed });
      return;
    }
    this.takeSignatureProgress(event as SignatureProgress);
  }

  /** The ongoing request the workflow follows itself (reminders, expiry): built-in or manual; Yousign reminds and expires its own. */
  private followedRequest(): SignatureProgress | null {
    const request = this.signatureRequest;
    if (!request || request.status !== 'ongoing' || request.method === 'yousign' || !this.isUnsigned() || this.deleted) return null;
    return request;
  }

  /**
   * When unsigned signers are reminded next: every `reminderIntervalDays` after sending, while a
   * signer is pending and before expiry; null when no reminder is due.
   */
  nextReminderAtMs(): number | null {
    const request = this.followedRequest();
    if (!request || !request.signers.some((signer) => signer.status === 'pending')) return null;
    const interval = request.reminderIntervalDays * DAY_MS;
    const sentAt = Date.parse(request.sentAt);
    const lastReminded = Math.max(0, ...request.signers.map((signer) => (signer.lastRemindedAt ? Date.parse(signer.lastRemindedAt) : 0)));
    const recorded = lastReminded > sentAt ? Math.floor((lastReminded - sentAt) / interval) : 0;
    const round = Math.max(recorded, this.reminderRounds.get(request.requestId) ?? 0) + 1;
    const at = sentAt + round * interval;
    return at < Date.parse(request.expiresAt) ? at : null;
  }

  /** When the followed request expires (and the workflow applies it), or null. */
  expiryAtMs(): number | null {
    const request = this.followedRequest();
    return request && !this.expiryApplied.has(request.requestId) ? Date.parse(request.expiresAt) : null;
  }

  /** The request that ended without signature and whose ending the workflow has not handled yet. */
  pendingEnding(): (SignatureProgress & { status: 'declined' | 'expired' | 'canceled' }) | null {
    const request = this.signatureRequest;
    if (!request || !hasEndedWithoutSignature(request) || this.handledEndings.has(request.requestId) || !this.isUnsigned() || this.deleted) return null;
    return request as SignatureProgress & { status: 'declined' | 'expired' | 'canceled' };
  }

  /**
   * The request ended without signature (declined, expired, canceled): the mission goes back to
   * validated with the reason in its history, and the assignee is emailed. A refusal (the mission
   * was signed meanwhile) is logged, not fatal.
   */
  async endSignature(request: SignatureProgress & { status: 'declined' | 'expired' | 'canceled' }): Promise<void> {
    this.handledEndings.add(request.requestId);
    try {
      this.apply(await acts.endMissionSignature({ ...this.ref, requestId: request.requestId, outcome: request.status, reason: request.endReason, at: this.now() }));
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('signature ending refused', { requestId: request.requestId, error: String(error.cause ?? error) });
    }
  }

  /** Reminds the followed request's unsigned signers (one round). */
  async remindSigners(): Promise<void> {
    const request = this.followedRequest();
    const at = this.nextReminderAtMs();
    if (!request || at === null || at > Date.now()) return;
    const round = Math.round((at - Date.parse(request.sentAt)) / (request.reminderIntervalDays * DAY_MS));
    this.reminderRounds.set(request.requestId, round);
    try {
      this.takeSignatureProgress(await alertActs.remindMissionSigners({ ...this.ref, requestId: request.requestId, round, at: this.now() }));
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('signature reminder failed: skipped', { requestId: request.requestId, round, error: String(error.cause ?? error) });
    }
  }

  /** Expires the followed request once its expiry date has passed. */
  async expireSignature(): Promise<void> {
    const request = this.followedRequest();
    if (!request || Date.parse(request.expiresAt) > Date.now()) return;
    this.expiryApplied.add(request.requestId);
    this.takeSignatureProgress(await acts.expireMissionSignature({ ...this.ref, requestId: request.requestId, at: this.now() }));
  }

  /** Takes the database's mission as the workflow's state (every activity answers it). */
  apply(next: MissionSnapshot): void {
    this.snapshot = next;
    if (next.plan) this.plan = next.plan;
    if (next.signatureRequest) this.takeSignatureProgress(next.signatureRequest);
    if (next.status !== this.status) {
      this.status = next.status;
      upsertSearchAttributes([{ key: searchAttributeKeys.missionStatus, value: this.status }]);
    }
  }

  /** Updates and the main loop take turns: one transition at a time. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private conflict(command: MissionCommand): ApplicationFailure {
    return ApplicationFailure.create({
      type: 'conflict',
      message: missionConflictMessage(command, this.status),
      details: [missionConflictDetails(command, this.status)],
      nonRetryable: true,
    });
  }

  /** Refuses `command` (409) unless it may run from the current status. */
  requireMayRun(command: MissionCommand): void {
    if (this.loaded && !mayRun(command, this.status)) throw this.conflict(command);
  }

  /** The update validator: refuses `command` unless it runs or is already done in the current status. */
  requireAccepted(command: MissionCommand): void {
    if (this.loaded && !isAccepted(command, this.status)) throw this.conflict(command);
  }

  // ---- lines ---------------------------------------------------------------------------------

  private startLine(line: LinePlan, from: IsoDate | undefined, cursor: IsoDate | null): void {
    if (!this.plan) throw new Error('No plan to start a line from');
    const { bounds, signedOn, createPast } = this.plan;
    const input = this.input;
    const workflowId = serviceLineWorkflowId(input.missionId, line.lineId);
    const child: LineChild = { lineId: line.lineId, workflowId, state: 'starting', cursor, from: from ?? null, scope: new CancellationScope() };
    this.lines.set(line.lineId, child);
    child.scope
      .run(async () => {
        const handle = await startChild(serviceLine, {
          workflowId,
          args: [
            {
              missionId: input.missionId,
              organisationId: input.organisationId,
              clientId: input.clientId,
              lineId: line.lineId,
              schedule: line.schedule,
              bounds,
              signedOn,
              createPast,
              from,
              cursor,
              processed: 0,
              occurrencesPerRun: this.occurrencesPerRun,
            },
          ],
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
          // A line re-started after its workflow completed (an amendment extending it) reuses the id.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          typedSearchAttributes: [
            { key: searchAttributeKeys.organizationId, value: input.organisationId },
            { key: searchAttributeKeys.clientId, value: input.clientId },
          ],
        });
        child.state = 'running';
        const result = await handle.result();
        child.cursor = result.cursor;
        child.state = 'completed';
      })
      .catch((error: unknown) => {
        child.state = isCancellation(error) ? 'cancelled' : 'failed';
        if (child.state === 'failed') log.error('line workflow failed', { lineId: line.lineId, error: String(error) });
      });
  }

  private static isOpen(line: LineChild): boolean {
    return line.state === 'starting' || line.state === 'running';
  }

  /** True when no line workflow is starting or running. */
  allLinesDone(): boolean {
    return [...this.lines.values()].every((line) => !MissionMachine.isOpen(line));
  }

  /**
   * Cancels a line and waits until its workflow has closed. A line that has started is cancelled
   * by its workflow id alone, which reaches the run open now: cancelling it as a child names the
   * run the mission started, which is closed once the line has continued as new, so the request
   * reached no run and the mission waited for ever (PATCH_STOP_LINE_BY_ID).
   */
  private async stopLine(line: LineChild): Promise<void> {
    if (line.state === 'running' && patched(PATCH_STOP_LINE_BY_ID)) {
      await getExternalWorkflowHandle(line.workflowId)
        .cancel()
        .catch((error: unknown) => log.info('line closed before its cancellation', { lineId: line.lineId, error: String(error) }));
    } else if (MissionMachine.isOpen(line)) {
      line.scope.cancel();
    }
    await condition(() => !MissionMachine.isOpen(line));
  }

  /** Cancels every line workflow and waits until they have stopped. */
  async stopAllLines(): Promise<void> {
    await Promise.all([...this.lines.values()].map((line) => this.stopLine(line)));
  }

  /** Applies a new schedule to a line: signal the running workflow, or start it again after its last deadline. */
  private async replanLine(line: LinePlan, from: IsoDate): Promise<void> {
    const child = this.lines.get(line.lineId);
    if (child) await condition(() => child.state !== 'starting');
    if (child?.state === 'running') {
      try {
        await getExternalWorkflowHandle(child.workflowId).signal(lineReplannedSignal, { schedule: line.schedule, from });
        child.from = from;
        return;
      } catch (error) {
        // It completed meanwhile: fall through and start it again from its last deadline.
        log.info('line closed before its re-plan signal', { lineId: line.lineId, error: String(error) });
        await condition(() => !MissionMachine.isOpen(child));
      }
    }
    this.startLine(line, from, child?.cursor ?? null);
  }

  // ---- transitions ---------------------------------------------------------------------------

  /** Reads the mission from the database: the workflow's starting point (and how it recovers). */
  async load(): Promise<void> {
    this.apply(await loadAndActivateActs.loadMission(this.ref));
    this.loaded = true;
  }

  /** Moves a signed mission to active and starts one `serviceLine` child per line. */
  async activate(): Promise<void> {
    const recovering = this.status === 'active';
    this.apply(await loadAndActivateActs.activateMission({ ...this.ref, at: this.now() }));
    if (!this.plan) throw new Error('An active mission has a plan');
    // A workflow started again for an already active mission (lost history) re-plans from today:
    // everything due before was created by its predecessor.
    const today = businessDateOf(Date.now());
    for (const line of this.plan.lines) {
      const from = recovering ? (line.from !== undefined && line.from > today ? line.from : today) : line.from;
      this.startLine(line, from, null);
    }
  }

  private async applySignature(signature: SignatureEvent, actor: ActorRef): Promise<void> {
    if (this.snapshot?.signature) {
      if (this.snapshot.signature.signatureId !== signature.signatureId) log.warn('another signature of a signed mission ignored', { signatureId: signature.signatureId });
      return;
    }
    const activities = actor === this.provider ? acts : askedActs;
    this.apply(await refusable(() => activities.signMission({ ...this.ref, actor, signature })));
  }

  /** The `signatureReceived` signal: keeps a well-formed, first signature event for the main loop. */
  receiveSignature(event: unknown): void {
    const read = readSignatureEvent(event);
    if ('malformed' in read) {
      log.warn('malformed signature event ignored', { malformed: read.malformed });
      return;
    }
    if (this.snapshot?.signature || this.pendingSignature) {
      log.info('duplicate or late signature event ignored', { signatureId: read.event.signatureId });
      return;
    }
    this.pendingSignature = read.event;
  }

  /** Applies the provider's pending signature (main loop); a refusal is logged, not fatal. */
  async applyPendingSignature(signature: SignatureEvent): Promise<void> {
    await this.exclusive(() => this.applySignature(signature, this.provider)).catch((error: unknown) => log.warn('signature event refused', { error: String(error) }));
    this.pendingSignature = null;
  }

  /** The `validate` update. */
  async validate(actor: ActorRef): Promise<MissionWorkflowState> {
    await condition(() => this.loaded);
    if (!(isDone('validate', this.status) && this.snapshot?.validatedAt)) {
      this.requireMayRun('validate');
      this.apply(await refusable(() => askedActs.validateMission({ ...this.ref, actor, at: this.now() })));
    }
    // The letter is rendered into the client's folder (a validate asked again finishes a freeze that failed).
    if (this.snapshot?.letter === 'draft' && this.isUnsigned() && patched(PATCH_VALIDATION_FREEZES_LETTER)) {
      this.apply(await refusable(() => letterActs.freezeMissionLetter({ ...this.ref, at: this.now() })));
    }
    return this.state();
  }

  /** The `delete` update: deletes the unsigned mission; the main loop then ends the workflow. */
  async delete(actor: ActorRef): Promise<MissionWorkflowState> {
    await condition(() => this.loaded);
    this.requireMayRun('delete');
    await refusable(() => askedActs.deleteMission({ ...this.ref, actor, at: this.now() }));
    this.deleted = true;
    return this.state();
  }

  /** The `sendForSignature` update. */
  async sendForSignature(actor: ActorRef): Promise<MissionWorkflowState> {
    await condition(() => this.loaded);
    if (isDone('sendForSignature', this.status)) return this.state();
    this.requireMayRun('sendForSignature');
    this.apply(await refusable(() => askedActs.sendMissionForSignature({ ...this.ref, actor, at: this.now() })));
    return this.state();
  }

  /** The `sign` update's transition (a signature entered by staff). */
  async sign(actor: ActorRef, signature: ManualSignature): Promise<void> {
    await condition(() => this.loaded);
    const signatureId = signature.signatureId ?? `manual/${currentUpdateInfo()?.id ?? uuid4()}`;
    if (this.snapshot?.signature) {
      if (this.snapshot.signature.signatureId === signatureId) return;
      throw ApplicationFailure.create({
        type: 'conflict',
        message: 'The mission is already signed',
        details: [{ reason: MISSION_ALREADY_SIGNED, missionStatus: this.status }],
        nonRetryable: true,
      });
    }
    this.requireMayRun('sign');
    const signedAt = signature.signedAt ?? this.now();
    if (Date.parse(signedAt) > Date.now() + SIGNATURE_CLOCK_TOLERANCE_MS) {
      throw ApplicationFailure.create({
        type: 'invalid_input',
        message: 'The signature date is in the future',
        details: [{ reason: 'signature_in_the_future', fields: [{ field: 'signedAt', location: 'body', message: `must not be after ${this.now()}` }] }],
        nonRetryable: true,
      });
    }
    await this.applySignature(
      { signatureId, signer: signature.signer, signedAt: new Date(signedAt).toISOString(), level: signature.level, ...(signature.documentHash ? { documentHash: signature.documentHash } : {}) },
      actor,
    );
  }

  /** The `sign` update's validator: the same signature again is accepted, else only unsigned. */
  requireSignable(signature: ManualSignature): void {
    if (signature.signatureId !== undefined && this.snapshot?.signature?.signatureId === signature.signatureId) return;
    this.requireAccepted('sign');
  }

  /** The `amend` update: applies the amendment, then re-plans only the affected lines. */
  async amend(actor: ActorRef, amendment: AmendmentInput): Promise<AmendmentOutcome> {
    await condition(() => this.loaded);
    this.requireMayRun('amend');
    const addedLineIds = amendment.add.map(() => uuid4());
    const result = await refusable(() => askedActs.amendMission({ ...this.ref, actor, amendment, addedLineIds, at: this.now() }));
    this.apply(result.snapshot);
    for (const lineId of result.removed) {
      const child = this.lines.get(lineId);
      if (child) await this.stopLine(child);
    }
    for (const line of result.changed) await this.replanLine(line, result.effectiveFrom);
    for (const line of result.added) if (!this.lines.has(line.lineId)) this.startLine(line, result.effectiveFrom, null);
    await condition(() => [...this.lines.values()].every((line) => line.state !== 'starting'));
    return {
      state: this.state(),
      effectiveFrom: result.effectiveFrom,
      added: result.added.map((line) => line.lineId),
      changed: result.changed.map((line) => line.lineId),
      removed: result.removed,
    };
  }

  /** Finishes or cancels the mission in the database (the lines are stopped by the caller). */
  async close(actor: ActorRef, target: 'finished' | 'cancelled'): Promise<void> {
    if (this.status !== target) {
      const at = this.now();
      const activities = actor === this.system ? acts : askedActs;
      this.apply(
        await refusable(() => (target === 'finished' ? activities.finishMission({ ...this.ref, actor, at }) : activities.cancelMission({ ...this.ref, actor, at }))),
      );
    }
  }

  /** The `finish` / `cancel` updates' transition. */
  async closeAsked(actor: ActorRef, command: 'finish' | 'cancel'): Promise<void> {
    await condition(() => this.loaded);
    if (isDone(command, this.status)) return;
    this.requireMayRun(command);
    await this.close(actor, command === 'finish' ? 'finished' : 'cancelled');
  }

  /** True when the mission ended unsigned (deleted, or cancelled before its signature): its letter's requests were canceled. */
  endedUnsigned(): boolean {
    return this.deleted || (this.status === 'cancelled' && !this.snapshot?.signature);
  }

  /**
   * Withdraws at Yousign the letter's requests the mission's end canceled (retried until Yousign
   * answers; the caller already has its answer). A refusal for good is logged.
   */
  async withdrawSignaturesAtProvider(): Promise<void> {
    try {
      await acts.cancelMissionSignaturesAtProvider(this.ref);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('letter signature requests not withdrawn at the provider', { error: String(error.cause ?? error) });
    }
  }

  /**
   * Raises the overdue alert (records it, emails the assignee). An alert refused for good (a
   * non-retryable email error) is given up; one still failing after its attempts is tried again
   * an hour later. Either way the turn is released, so sign and cancel are never blocked by it.
   */
  async alertOverdue(): Promise<void> {
    if (!this.isUnsigned() || this.pendingSignature !== null) return;
    try {
      const alert = await alertActs.alertOverdueMission({ ...this.ref, at: this.now() });
      this.apply(alert.snapshot);
      log.info('mission overdue', { alerted: alert.alerted, emailedTo: alert.emailedTo });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      const final = error.cause instanceof ApplicationFailure && error.cause.nonRetryable;
      this.overdueAlert = final ? 'abandoned' : { retryAtMs: Date.now() + OVERDUE_ALERT_RETRY_LATER_MS };
      log.warn(final ? 'overdue alert failed for good: given up' : 'overdue alert failed: tried again later', { error: String(error.cause ?? error) });
    }
  }
}
