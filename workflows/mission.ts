/**
 * The life of one mission, from draft to finished or cancelled (workflow id `mission/<id>`).
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { MissionActivities, MissionSnapshot } from '../activities/missions.ts';
import { addDays, type IsoDate } from '../domain/calendar/iso-date.ts';
import { businessDateOf } from '../domain/missions/business-date.ts';
import type { AmendmentInput } from '../domain/missions/mission-input.ts';
import type { LinePlan, MissionPlan } from '../domain/missions/mission-plan.ts';
import { startOfBusinessDay } from '../domain/missions/plan-occurrences.ts';
import {
  amendUpdate,
  cancelUpdate,
  finishUpdate,
  lineReplannedSignal,
  missionStateQuery,
  searchAttributeKeys,
  sendForSignatureUpdate,
  serviceLineWorkflowId,
  signatureEventSchema,
  signatureReceivedSignal,
  signUpdate,
  validateUpdate,
  type ActorRef,
  type LineWorkflowState,
  type MissionStatus,
  type MissionWorkflowInput,
  type MissionWorkflowState,
  type SignatureEvent,
} from './mission.contract.ts';
import { serviceLine } from './service-line.ts';

/**
 * Status transitions are short database transactions. Those the workflow decides itself
 * (activation, overdue alert, end of mission) retry until the database answers; those asked by a
 * caller waiting on an update give up after a few attempts so the caller gets an answer.
 */
const TRANSITION_ACTIVITY_TIMEOUT = '30 seconds';
const TRANSITION_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const UPDATE_TRANSITION_RETRY = { ...TRANSITION_RETRY, maximumAttempts: 4 } as const;
/** A signature dated later than the workflow's clock by more than this is refused. */
const SIGNATURE_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_OCCURRENCES_PER_RUN = 50;

const acts = proxyActivities<MissionActivities>({ startToCloseTimeout: TRANSITION_ACTIVITY_TIMEOUT, retry: TRANSITION_RETRY });
const askedActs = proxyActivities<MissionActivities>({ startToCloseTimeout: TRANSITION_ACTIVITY_TIMEOUT, retry: UPDATE_TRANSITION_RETRY });

const unsigned: readonly MissionStatus[] = ['validated', 'awaiting_signature'];
const closed: readonly MissionStatus[] = ['finished', 'cancelled'];

interface LineChild extends LineWorkflowState {
  scope: CancellationScope;
}

/**
 * Orchestrates one mission: an explicit state machine over the mission's status. The database is
 * the system of record — every transition is applied by an activity calling the same use case
 * the API would, idempotently — and the workflow decides when.
 *
 * - draft: waits for the `validate` update (content frozen).
 * - validated / awaiting_signature: waits for a signature — the `sign` update (staff) or the
 *   `signatureReceived` signal (e-signature provider; duplicates are no-ops). Still unsigned
 *   `overdueAfterDays` days after the letter was sent for signature (or validated, when it is
 *   signed without being sent), it raises the overdue alert once: records it and emails the
 *   assignee.
 * - signed: activates the mission and starts one `serviceLine` child per line.
 * - active: amendments (`amend` update) re-plan only the affected lines, from the amendment date.
 *   At the mission's end, once every line is done, the mission finishes by itself.
 * - `finish` / `cancel` (updates) stop every line and end the workflow.
 *
 * Children use the REQUEST_CANCEL parent-close policy: whatever ends this workflow (finish,
 * cancel, an operator terminating it), the lines are asked to stop, so no line keeps creating
 * occurrences for a mission nobody drives. This workflow cancels them explicitly anyway, and
 * never continues as new (its history only grows with human actions; the long loops are in the
 * children), so the policy never fires on a healthy mission.
 *
 * The workflow starts by reading the mission from the database, so starting it again for an
 * existing mission (lost workflow) resumes where the database stands.
 */
export async function mission(input: MissionWorkflowInput): Promise<MissionWorkflowState> {
  const ref = { organisationId: input.organisationId, missionId: input.missionId };
  const occurrencesPerRun = input.occurrencesPerRun ?? DEFAULT_OCCURRENCES_PER_RUN;
  const system: ActorRef = { kind: 'system', label: `Workflow mission/${input.missionId}` };
  const provider: ActorRef = { kind: 'system', label: 'Signature provider' };

  let loaded = false;
  // Written by handlers and read by the main loop: typed with `as` so the compiler does not narrow
  // them to their initial values.
  let status = 'draft' as MissionStatus;
  let snapshot = null as MissionSnapshot | null;
  let plan = null as MissionPlan | null;
  let pendingSignature = null as SignatureEvent | null;
  const lines = new Map<string, LineChild>();

  // ---- state ---------------------------------------------------------------------------------

  const now = () => new Date(Date.now()).toISOString();
  /** Unsigned `overdueAfterDays` after the letter was sent for signature (or, unsent, after validation). */
  const overdueAtMs = (): number | null => {
    const since = snapshot?.sentForSignatureAt ?? snapshot?.validatedAt;
    return since && !snapshot?.overdueAlertedAt && unsigned.includes(status) ? Date.parse(since) + input.overdueAfterDays * DAY_MS : null;
  };

  const state = (): MissionWorkflowState => {
    const overdueAt = overdueAtMs();
    return {
      missionId: input.missionId,
      status,
      validatedAt: snapshot?.validatedAt ?? null,
      signature: snapshot?.signature ?? null,
      overdueAt: overdueAt === null ? null : new Date(overdueAt).toISOString(),
      overdueAlertedAt: snapshot?.overdueAlertedAt ?? null,
      lines: [...lines.values()].map(({ scope: _scope, ...line }) => line),
    };
  };

  const apply = (next: MissionSnapshot) => {
    snapshot = next;
    if (next.plan) plan = next.plan;
    if (next.status !== status) {
      status = next.status;
      upsertSearchAttributes([{ key: searchAttributeKeys.missionStatus, value: status }]);
    }
  };

  // Updates and the main loop take turns: one transition at a time.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn);
    turn = run.catch(() => undefined);
    return run;
  };

  /** An activity whose business refusal fails the update with the same error (not the workflow). */
  const refusable = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) throw error.cause;
      throw error;
    }
  };

  const conflict = (message: string) => ApplicationFailure.create({ type: 'conflict', message, details: [{ status }], nonRetryable: true });
  const requireStatus = (allowed: readonly MissionStatus[], action: string) => {
    if (loaded && !allowed.includes(status)) throw conflict(`The mission is ${status.replace('_', ' ')}; it cannot be ${action}`);
  };

  // ---- lines ---------------------------------------------------------------------------------

  const startLine = (line: LinePlan, from: IsoDate | undefined, cursor: IsoDate | null) => {
    if (!plan) throw new Error('No plan to start a line from');
    const { bounds, signedOn, createPast } = plan;
    const workflowId = serviceLineWorkflowId(input.missionId, line.lineId);
    const child: LineChild = { lineId: line.lineId, workflowId, state: 'starting', cursor, from: from ?? null, scope: new CancellationScope() };
    lines.set(line.lineId, child);
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
              occurrencesPerRun,
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
  };

  const isOpen = (line: LineChild) => line.state === 'starting' || line.state === 'running';

  const stopLine = async (line: LineChild) => {
    if (isOpen(line)) line.scope.cancel();
    await condition(() => !isOpen(line));
  };

  const stopAllLines = () => Promise.all([...lines.values()].map(stopLine));

  /** Applies a new schedule to a line: signal the running workflow, or start it again after its last deadline. */
  const replanLine = async (line: LinePlan, from: IsoDate) => {
    const child = lines.get(line.lineId);
    if (child) await condition(() => child.state !== 'starting');
    if (child?.state === 'running') {
      try {
        await getExternalWorkflowHandle(child.workflowId).signal(lineReplannedSignal, { schedule: line.schedule, from });
        child.from = from;
        return;
      } catch (error) {
        // It completed meanwhile: fall through and start it again from its last deadline.
        log.info('line closed before its re-plan signal', { lineId: line.lineId, error: String(error) });
        await condition(() => !isOpen(child));
      }
    }
    startLine(line, from, child?.cursor ?? null);
  };

  // ---- transitions ---------------------------------------------------------------------------

  const activate = async () => {
    const recovering = status === 'active';
    apply(await acts.activateMission({ ...ref, at: now() }));
    if (!plan) throw new Error('An active mission has a plan');
    // A workflow started again for an already active mission (lost history) re-plans from today:
    // everything due before was created by its predecessor.
    const today = businessDateOf(Date.now());
    for (const line of plan.lines) {
      const from = recovering ? (line.from !== undefined && line.from > today ? line.from : today) : line.from;
      startLine(line, from, null);
    }
  };

  const applySignature = async (signature: SignatureEvent, actor: ActorRef) => {
    if (snapshot?.signature) {
      if (snapshot.signature.signatureId !== signature.signatureId) log.warn('another signature of a signed mission ignored', { signatureId: signature.signatureId });
      return;
    }
    const activities = actor === provider ? acts : askedActs;
    apply(await refusable(() => activities.signMission({ ...ref, actor, signature })));
  };

  const close = async (actor: ActorRef, target: 'finished' | 'cancelled') => {
    if (status !== target) {
      const at = now();
      const activities = actor === system ? acts : askedActs;
      apply(await refusable(() => (target === 'finished' ? activities.finishMission({ ...ref, actor, at }) : activities.cancelMission({ ...ref, actor, at }))));
    }
  };

  // ---- handlers ------------------------------------------------------------------------------

  setHandler(missionStateQuery, state);

  setHandler(signatureReceivedSignal, (event) => {
    const parsed = signatureEventSchema.safeParse(event);
    if (!parsed.success) {
      log.warn('malformed signature event ignored', { issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
      return;
    }
    if (snapshot?.signature || pendingSignature) {
      log.info('duplicate or late signature event ignored', { signatureId: parsed.data.signatureId });
      return;
    }
    pendingSignature = parsed.data;
  });

  setHandler(
    validateUpdate,
    (actor) =>
      exclusive(async () => {
        await condition(() => loaded);
        if (status !== 'draft' && snapshot?.validatedAt) return state();
        requireStatus(['draft'], 'validated');
        apply(await refusable(() => askedActs.validateMission({ ...ref, actor, at: now() })));
        return state();
      }),
    { validator: (_actor: ActorRef) => requireStatus(['draft', 'validated', 'awaiting_signature', 'signed', 'active', 'finished'], 'validated') },
  );

  setHandler(
    sendForSignatureUpdate,
    (actor) =>
      exclusive(async () => {
        await condition(() => loaded);
        if (status === 'awaiting_signature') return state();
        requireStatus(['validated'], 'sent for signature');
        apply(await refusable(() => askedActs.sendMissionForSignature({ ...ref, actor, at: now() })));
        return state();
      }),
    { validator: (_actor: ActorRef) => requireStatus(['validated', 'awaiting_signature'], 'sent for signature') },
  );

  setHandler(
    signUpdate,
    async ({ actor, signature }) => {
      await exclusive(async () => {
        await condition(() => loaded);
        const signatureId = signature.signatureId ?? `manual/${currentUpdateInfo()?.id ?? uuid4()}`;
        if (snapshot?.signature) {
          if (snapshot.signature.signatureId === signatureId) return;
          throw conflict('The mission is already signed');
        }
        requireStatus(unsigned, 'signed (validate it first)');
        const signedAt = signature.signedAt ?? now();
        if (Date.parse(signedAt) > Date.now() + SIGNATURE_CLOCK_TOLERANCE_MS) {
          throw ApplicationFailure.create({
            type: 'invalid_input',
            message: 'The signature date is in the future',
            details: [{ fields: [{ field: 'signedAt', location: 'body', message: `must not be after ${now()}` }] }],
            nonRetryable: true,
          });
        }
        await applySignature({ signatureId, signer: signature.signer, signedAt: new Date(signedAt).toISOString(), level: signature.level, ...(signature.documentHash ? { documentHash: signature.documentHash } : {}) }, actor);
      });
      // Answer once the lines run (or the mission was closed meanwhile).
      await condition(() => status === 'active' || closed.includes(status));
      return state();
    },
    { validator: ({ signature }) => (signature.signatureId !== undefined && snapshot?.signature?.signatureId === signature.signatureId ? undefined : requireStatus(unsigned, 'signed (validate it first)')) },
  );

  setHandler(
    amendUpdate,
    ({ actor, amendment }) =>
      exclusive(async () => {
        await condition(() => loaded);
        requireStatus(['active'], 'amended (only an active mission is amended)');
        const addedLineIds = amendment.add.map(() => uuid4());
        const result = await refusable(() => askedActs.amendMission({ ...ref, actor, amendment, addedLineIds, at: now() }));
        apply(result.snapshot);
        for (const lineId of result.removed) {
          const child = lines.get(lineId);
          if (child) await stopLine(child);
        }
        for (const line of result.changed) await replanLine(line, result.effectiveFrom);
        for (const line of result.added) if (!lines.has(line.lineId)) startLine(line, result.effectiveFrom, null);
        await condition(() => [...lines.values()].every((line) => line.state !== 'starting'));
        return {
          state: state(),
          effectiveFrom: result.effectiveFrom,
          added: result.added.map((line) => line.lineId),
          changed: result.changed.map((line) => line.lineId),
          removed: result.removed,
        };
      }),
    { validator: (_request: { actor: ActorRef; amendment: AmendmentInput }) => requireStatus(['active'], 'amended (only an active mission is amended)') },
  );

  const closeHandler = (target: 'finished' | 'cancelled') => async (actor: ActorRef) => {
    await exclusive(async () => {
      await condition(() => loaded);
      if (status === target) return;
      requireStatus(target === 'finished' ? ['signed', 'active'] : ['draft', 'validated', 'awaiting_signature', 'signed', 'active'], target);
      await close(actor, target);
    });
    await stopAllLines();
    return state();
  };
  setHandler(finishUpdate, closeHandler('finished'), { validator: (_actor: ActorRef) => requireStatus(['signed', 'active', 'finished'], 'finished') });
  setHandler(cancelUpdate, closeHandler('cancelled'), {
    validator: (_actor: ActorRef) => requireStatus(['draft', 'validated', 'awaiting_signature', 'signed', 'active', 'cancelled'], 'cancelled'),
  });

  // ---- main loop -----------------------------------------------------------------------------

  apply(await acts.loadMission(ref));
  loaded = true;
  if (status === 'active' || status === 'signed') await exclusive(activate);

  while (!closed.includes(status)) {
    if (status === 'draft') {
      await condition(() => status !== 'draft');
    } else if (unsigned.includes(status)) {
      const signature = pendingSignature as SignatureEvent | null;
      if (signature !== null) {
        await exclusive(() => applySignature(signature, provider)).catch((error: unknown) => log.warn('signature event refused', { error: String(error) }));
        pendingSignature = null;
        continue;
      }
      const overdueAt = overdueAtMs();
      // Also wakes when the alert time moves (the letter was sent for signature meanwhile).
      const waitUntil = () => pendingSignature !== null || !unsigned.includes(status) || overdueAtMs() !== overdueAt;
      if (overdueAt === null) {
        await condition(waitUntil);
      } else {
        const remaining = overdueAt - Date.now();
        const woke = remaining > 0 && (await condition(waitUntil, remaining));
        if (!woke) {
          await exclusive(async () => {
            if (!unsigned.includes(status) || pendingSignature !== null) return;
            const alert = await acts.alertOverdueMission({ ...ref, at: now() });
            apply(alert.snapshot);
            log.info('mission overdue', { alerted: alert.alerted, emailedTo: alert.emailedTo });
          });
        }
      }
    } else if (status === 'signed') {
      await exclusive(activate);
    } else if (status === 'active') {
      // The mission ends at midnight (Paris) after its end date; then the lines are done.
      const endDate = plan?.bounds.endDate ?? snapshot?.endDate;
      const endsIn = endDate ? Date.parse(startOfBusinessDay(addDays(endDate, 1))) - Date.now() : 0;
      const interrupted = endsIn > 0 && (await condition(() => status !== 'active', endsIn));
      if (!interrupted && status === 'active') {
        await condition(() => [...lines.values()].every((line) => !isOpen(line)));
        await exclusive(() => close(system, 'finished'));
      }
    }
  }

  await stopAllLines();
  await condition(allHandlersFinished);
  return state();
}
