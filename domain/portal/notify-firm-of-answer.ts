import { and, desc, eq, isNull } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../adapters/email/email-sender.ts';
import type { SmsSender } from '../../adapters/sms/sms-sender.ts';
import type { Db } from '../../db/client.ts';
import { clients, informationRequestAnswers, informationRequests, missions, users } from '../../db/schema/index.ts';
import InformationRequestAnswered, { informationRequestAnsweredSubject } from '../../emails/information-request-answered.tsx';
import { sendRenderedEmail } from '../../emails/render-email.ts';
import { emailFirmOf, findPortalBranding } from './find-portal-branding.ts';
import type { PortalCaller } from './portal-caller.ts';

export type AnswerNotice = { outcome: 'emailed' | 'texted'; to: string } | { outcome: 'skipped'; reason: 'no_recipient' | 'no_answer' };

/**
 * Tells the firm that a client answered: the mission's assignee, else the client file's holder,
 * through the channel they chose in their profile (`notify_by`: email, or SMS to their mobile).
 * Once per answer (idempotency key `information-request-answered/<answerId>`).
 */
export async function notifyFirmOfAnswer(
  deps: { db: Db; emailSender: EmailSender | undefined; smsSender: SmsSender | undefined; from: string; publicBaseUrl: string },
  caller: PortalCaller,
  requestId: string,
): Promise<AnswerNotice> {
  const { db } = deps;
  const [row] = await db
    .select({ request: informationRequests, clientName: clients.name, holderUserId: clients.holderUserId, assigneeUserId: missions.assigneeUserId })
    .from(informationRequests)
    .innerJoin(clients, eq(clients.id, informationRequests.clientId))
    .leftJoin(missions, eq(missions.id, informationRequests.missionId))
    .where(and(eq(informationRequests.organisationId, caller.organisationId), eq(informationRequests.clientId, caller.clientId), eq(informationRequests.id, requestId)));
  const [answer] = await db.select().from(informationRequestAnswers).where(eq(informationRequestAnswers.requestId, requestId)).orderBy(desc(informationRequestAnswers.createdAt)).limit(1);
  if (!row || !answer) return { outcome: 'skipped', reason: 'no_answer' };
  const recipientId = row.assigneeUserId ?? row.holderUserId;
  const [recipient] = recipientId
    ? await db.select().from(users).where(and(eq(users.organisationId, caller.organisationId), eq(users.id, recipientId), isNull(users.deactivatedAt)))
    : [];
  if (!recipient) return { outcome: 'skipped', reason: 'no_recipient' };
  const key = `information-request-answered/${answer.id}`;
  const requestUrl = new URL(`/information-requests/${requestId}`, deps.publicBaseUrl).toString();

  if (recipient.notifyBy === 'sms' && recipient.mobile && deps.smsSender) {
    await deps.smsSender.send({ to: recipient.mobile, body: `${caller.contactName} (${row.clientName}) a répondu à « ${row.request.title} ». ${requestUrl}`, idempotencyKey: key });
    return { outcome: 'texted', to: recipient.mobile };
  }
  if (!deps.emailSender) return { outcome: 'skipped', reason: 'no_recipient' };
  const branding = await findPortalBranding(db, caller.organisationId, caller.clientId);
  const props = {
    firm: emailFirmOf(branding),
    recipientFirstName: recipient.firstName,
    clientName: row.clientName,
    contactName: caller.contactName,
    requestTitle: row.request.title,
    fileCount: answer.files.length,
    hasText: Boolean(answer.text),
    requestUrl,
  };
  await sendRenderedEmail(deps.emailSender, createElement(InformationRequestAnswered, props), {
    from: deps.from,
    to: [recipient.email],
    subject: informationRequestAnsweredSubject(props),
    tags: { kind: 'information-request-answered', [ORGANISATION_TAG]: caller.organisationId },
    idempotencyKey: key,
  });
  return { outcome: 'emailed', to: recipient.email };
}
