import { createElement } from 'react';
import type { EmailSender } from '../../adapters/email/email-sender.ts';
import type { Db } from '../../db/client.ts';
import MissionSignatureEnded, { missionSignatureEndedSubject } from '../../emails/mission-signature-ended.tsx';
import type { Actor } from '../history/record-history.ts';
import type { EndedWithoutSignature } from '../signature/signature-progress.ts';
import { alertMissionAssignee, missionAlertRecipient } from './alert-mission-assignee.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/** The idempotency key of the alert of one ended request: one email per request, ever. */
export function missionSignatureEndedKey(requestId: string): string {
  return `mission-signature-ended/${requestId}`;
}

/** How the letter's signature request ended. */
export interface SignatureEnding {
  requestId: string;
  outcome: EndedWithoutSignature;
  reason: string | null;
}

/**
 * The letter's signature request ended without signature (declined, expired, canceled): the
 * mission goes back from awaiting signature to validated — its letter stays frozen, ready to be
 * sent again (or the mission deleted and a new one created) — with the outcome and its reason in
 * the history, and the assignee is emailed. The overdue alert keeps running.
 *
 * Idempotent, as the workflow's activity may run twice: the transition is applied once, and the
 * email's key is the request's (`mission-signature-ended/<requestId>`).
 */
export async function endMissionSignature(
  deps: { db: Db; emailSender: EmailSender; from: string; publicBaseUrl: string },
  actor: Actor,
  missionId: string,
  ending: SignatureEnding,
): Promise<{ mission: MissionView; emailedTo: string | null }> {
  const labelled: Actor = { ...actor, label: `${actor.label} — signature ${ending.outcome}${ending.reason ? ` : ${ending.reason}` : ''}` };
  const { mission } = await transitionMission(deps.db, labelled, missionId, { command: 'signatureEnded', set: {} });
  const recipient = await missionAlertRecipient(deps.db, mission);
  if (!recipient) return { mission, emailedTo: null };
  const props = {
    firm: recipient.firm,
    recipientFirstName: recipient.firstName,
    clientName: recipient.clientName,
    missionReference: mission.name,
    outcome: ending.outcome,
    reason: ending.reason,
    missionUrl: new URL(`/missions/${mission.id}`, deps.publicBaseUrl).toString(),
  };
  await alertMissionAssignee(deps, actor.organisationId, recipient, {
    element: createElement(MissionSignatureEnded, props),
    subject: missionSignatureEndedSubject(props),
    kind: 'mission-signature-ended',
    idempotencyKey: missionSignatureEndedKey(ending.requestId),
  });
  return { mission, emailedTo: recipient.email };
}
