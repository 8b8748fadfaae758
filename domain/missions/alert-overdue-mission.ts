import { and, eq, isNull } from 'drizzle-orm';
import { createElement } from 'react';
import type { EmailSender } from '../../adapters/email/email-sender.ts';
import type { Db } from '../../db/client.ts';
import { missions } from '../../db/schema/index.ts';
import MissionOverdue, { missionOverdueSubject } from '../../emails/mission-overdue.tsx';
import { BUSINESS_TIME_ZONE } from '../calendar/paris-time.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { alertMissionAssignee, missionAlertRecipient } from './alert-mission-assignee.ts';
import { unsignedStatuses } from './mission-lifecycle.ts';
import { findMission, type MissionView } from './mission-view.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const frenchDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: BUSINESS_TIME_ZONE });

/** The idempotency key of a mission's overdue alert: one email per mission, ever. */
export function missionOverdueKey(missionId: string): string {
  return `mission-overdue/${missionId}`;
}

export interface OverdueAlertResult {
  /** False when there was nothing to alert: signed or cancelled in the meantime. */
  alerted: boolean;
  /** The assignee's address, or null when nobody (with an email) is assigned. */
  emailedTo: string | null;
  mission: MissionView;
}

/**
 * Raises the alert of a mission whose engagement letter stayed unsigned too long: records
 * `overdue_alerted_at` (once, with its history) and emails the mission's assignee (the client
 * file's holder by default) through the email port.
 *
 * Idempotent, as the workflow's activity may run twice: the record is written only if absent,
 * and the email's idempotency key is the mission's (`mission-overdue/<id>`), so a retry after the
 * record was committed sends the same email at most once. Nothing is raised for a mission signed
 * or cancelled in the meantime.
 */
export async function alertOverdueMission(
  deps: { db: Db; emailSender: EmailSender; from: string; publicBaseUrl: string },
  actor: Actor,
  missionId: string,
  at: Date,
): Promise<OverdueAlertResult> {
  const mission = await deps.db.transaction(async (tx) => {
    const before = await findMission(tx, actor.organisationId, missionId, { forUpdate: true });
    if (before.overdueAlertedAt !== null || !unsignedStatuses.includes(before.status)) return before;
    await tx
      .update(missions)
      .set({ overdueAlertedAt: at, updatedAt: new Date() })
      .where(and(eq(missions.id, missionId), isNull(missions.overdueAlertedAt)));
    const after = await findMission(tx, actor.organisationId, missionId);
    await recordHistory(tx, actor, { type: 'mission', id: missionId }, { action: 'update', before, after });
    return after;
  });
  if (mission.overdueAlertedAt === null) return { alerted: false, emailedTo: null, mission };

  const recipient = await missionAlertRecipient(deps.db, mission);
  if (!recipient) return { alerted: true, emailedTo: null, mission };

  const waitingSince = mission.sentForSignatureAt ?? mission.validatedAt ?? mission.overdueAlertedAt;
  const props = {
    firm: recipient.firm,
    recipientFirstName: recipient.firstName,
    clientName: recipient.clientName,
    missionReference: mission.name,
    sentOn: frenchDate.format(waitingSince),
    daysWaiting: Math.floor((mission.overdueAlertedAt.getTime() - waitingSince.getTime()) / DAY_MS),
    missionUrl: new URL(`/missions/${mission.id}`, deps.publicBaseUrl).toString(),
  };
  await alertMissionAssignee(deps, actor.organisationId, recipient, {
    element: createElement(MissionOverdue, props),
    subject: missionOverdueSubject(props),
    kind: 'mission-overdue',
    idempotencyKey: missionOverdueKey(mission.id),
  });
  return { alerted: true, emailedTo: recipient.email, mission };
}
