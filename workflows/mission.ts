/**
 * The life of one mission, from draft to finished or cancelled (workflow id `mission/<id>`): the
 * handler wiring and the main loop. The state and the transitions are in ./mission-machine.ts,
 * the rules (which command from which status) in domain/missions/mission-lifecycle.ts.
 */
import { allHandlersFinished, condition, patched, setHandler } from '@temporalio/workflow';
import { addDays } from '../domain/calendar/iso-date.ts';
import type { AmendmentInput } from '../domain/missions/mission-input.ts';
import { closedStatuses } from '../domain/missions/mission-lifecycle.ts';
import { startOfBusinessDay } from '../domain/calendar/paris-time.ts';
import { PATCH_SIGNATURE_FOLLOW_UP, PATCH_WITHDRAW_SIGNATURES_AT_PROVIDER } from './mission-activity-proxies.ts';
import { MissionMachine } from './mission-machine.ts';
import {
  amendUpdate,
  cancelUpdate,
  deleteUpdate,
  finishUpdate,
  missionStateQuery,
  sendForSignatureUpdate,
  signatureProgressSignal,
  signatureReceivedSignal,
  signUpdate,
  validateUpdate,
  type ActorRef,
  type MissionWorkflowInput,
  type MissionWorkflowState,
} from './mission.contract.ts';

/**
 * Orchestrates one mission: an explicit state machine over the mission's status. The database is
 * the system of record — every transition is applied by an activity calling the same use case
 * the API would, idempotently — and the workflow decides when.
 *
 * - draft: waits for the `validate` update (content frozen; the letter, if any, rendered to PDF).
 * - validated / awaiting_signature: waits for a signature — the `sign` update (staff) or the
 *   `signatureReceived` signal (e-signature provider; duplicates are no-ops). Still unsigned
 *   `overdueAfterDays` days after the letter was sent for signature (or validated, when it is
 *   signed without being sent), it raises the overdue alert once: records it and emails the
 *   assignee. It follows the letter's signature request (`signatureProgress` signal): reminds the
 *   unsigned signer every N days until expiry, expires built-in requests, and takes the mission
 *   back to validated (assignee alerted) when the request ends without signature.
 * - draft, validated or awaiting signature: the `delete` update deletes it and the workflow ends.
 * - signed: activates the mission and starts one `serviceLine` child per line.
 * - active: amendments (`amend` update) re-plan only the affected lines, from the amendment date.
 *   At the mission's end, once every line is done, the mission finishes by itself.
 * - `finish` / `cancel` (updates) stop every line and end the workflow.
 * - deleted, or cancelled unsigned: the letter's Yousign requests, canceled with it, are withdrawn
 *   at Yousign before the workflow ends.
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
  const m = new MissionMachine(input);

  // ---- handlers ------------------------------------------------------------------------------

  setHandler(missionStateQuery, () => m.state());
  setHandler(signatureReceivedSignal, (event) => m.receiveSignature(event));
  setHandler(signatureProgressSignal, (event) => m.receiveSignatureProgress(event));
  setHandler(deleteUpdate, (actor) => m.exclusive(() => m.delete(actor)), { validator: (_actor: ActorRef) => m.requireAccepted('delete') });
  setHandler(validateUpdate, (actor) => m.exclusive(() => m.validate(actor)), { validator: (_actor: ActorRef) => m.requireAccepted('validate') });
  setHandler(sendForSignatureUpdate, (actor) => m.exclusive(() => m.sendForSignature(actor)), {
    validator: (_actor: ActorRef) => m.requireAccepted('sendForSignature'),
  });
  setHandler(
    signUpdate,
    async ({ actor, signature }) => {
      await m.exclusive(() => m.sign(actor, signature));
      // Answer once the lines run (or the mission was closed meanwhile).
      await condition(() => m.status === 'active' || closedStatuses.includes(m.status));
      return m.state();
    },
    { validator: ({ signature }) => m.requireSignable(signature) },
  );
  setHandler(amendUpdate, ({ actor, amendment }) => m.exclusive(() => m.amend(actor, amendment)), { validator: (_request: { actor: ActorRef; amendment: AmendmentInput }) => m.requireAccepted('amend') });
  for (const [update, command] of [
    [finishUpdate, 'finish'],
    [cancelUpdate, 'cancel'],
  ] as const) {
    setHandler(
      update,
      async (actor: ActorRef) => {
        await m.exclusive(() => m.closeAsked(actor, command));
        // Answer once every line has stopped.
        await m.stopAllLines();
        return m.state();
      },
      { validator: (_actor: ActorRef) => m.requireAccepted(command) },
    );
  }

  // ---- main loop -----------------------------------------------------------------------------

  await m.load();
  if (m.status === 'active' || m.status === 'signed') await m.exclusive(() => m.activate());

  while (!closedStatuses.includes(m.status) && !m.deleted) {
    if (m.status === 'draft') {
      await condition(() => m.status !== 'draft' || m.deleted);
    } else if (m.isUnsigned()) {
      const signature = m.pendingSignature;
      if (signature !== null) {
        await m.applyPendingSignature(signature);
        continue;
      }
      if (patched(PATCH_SIGNATURE_FOLLOW_UP)) {
        await followSignature(m);
        continue;
      }
      const overdueAt = m.overdueAtMs();
      // Also wakes when the alert time moves (the letter was sent for signature meanwhile).
      const waitUntil = () => m.pendingSignature !== null || !m.isUnsigned() || m.overdueAtMs() !== overdueAt || m.deleted;
      if (overdueAt === null) {
        await condition(waitUntil);
      } else {
        const remaining = overdueAt - Date.now();
        const woke = remaining > 0 && (await condition(waitUntil, remaining));
        if (!woke) await m.exclusive(() => m.alertOverdue());
      }
    } else if (m.status === 'signed') {
      await m.exclusive(() => m.activate());
    } else if (m.status === 'active') {
      // The mission ends at midnight (Paris) after its end date; then the lines are done.
      const endDate = m.plan?.bounds.endDate ?? m.snapshot?.endDate;
      const endsIn = endDate ? Date.parse(startOfBusinessDay(addDays(endDate, 1))) - Date.now() : 0;
      const interrupted = endsIn > 0 && (await condition(() => m.status !== 'active', endsIn));
      if (!interrupted && m.status === 'active') {
        await condition(() => m.allLinesDone());
        await m.exclusive(() => m.close(m.system, 'finished'));
      }
    }
  }

  await m.stopAllLines();
  await condition(allHandlersFinished);
  if (m.endedUnsigned() && patched(PATCH_WITHDRAW_SIGNATURES_AT_PROVIDER)) await m.withdrawSignaturesAtProvider();
  return m.state();
}

/**
 * One turn of the unsigned wait (patch `signature-follow-up-timers`): handles a request ended
 * without signature, else sleeps until the first of the overdue alert, the next reminder of the
 * unsigned signers and the built-in request's expiry — waking early on a signature, a signal
 * moving any of these times, or a deletion — and runs what fell due.
 */
async function followSignature(m: MissionMachine): Promise<void> {
  const ending = m.pendingEnding();
  if (ending) {
    await m.exclusive(() => m.endSignature(ending));
    return;
  }
  const overdueAt = m.overdueAtMs();
  const reminderAt = m.nextReminderAtMs();
  const expiryAt = m.expiryAtMs();
  const moved = () =>
    m.pendingSignature !== null || !m.isUnsigned() || m.deleted || m.pendingEnding() !== null || m.overdueAtMs() !== overdueAt || m.nextReminderAtMs() !== reminderAt || m.expiryAtMs() !== expiryAt;
  const due = [overdueAt, reminderAt, expiryAt].filter((at): at is number => at !== null);
  if (due.length === 0) {
    await condition(moved);
    return;
  }
  const remaining = Math.min(...due) - Date.now();
  if (remaining > 0 && (await condition(moved, remaining))) return;
  const now = Date.now();
  if (expiryAt !== null && expiryAt <= now) await m.exclusive(() => m.expireSignature());
  else if (overdueAt !== null && overdueAt <= now) await m.exclusive(() => m.alertOverdue());
  else if (reminderAt !== null && reminderAt <= now) await m.exclusive(() => m.remindSigners());
}
