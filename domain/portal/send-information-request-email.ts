import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../adapters/email/email-sender.ts';
import { preparedPerDb, type Db } from '../../db/client.ts';
import {
  clientContacts,
  clients,
  firms,
  informationRequestEmails,
  informationRequests,
  portalContactAccess,
  portalSettings,
  users,
  type InformationRequestEmailKind,
} from '../../db/schema/index.ts';
import InformationRequestCreated from '../../emails/information-request-created.tsx';
import InformationRequestReminder, { informationRequestReminderSubject } from '../../emails/information-request-reminder.tsx';
import { sendRenderedEmail } from '../../emails/render-email.ts';
import { daysBetween, type IsoDate } from '../calendar/iso-date.ts';
import { AppError } from '../errors.ts';
import { loadTemplateSources } from '../firm-templates/load-template-sources.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { templateKind, type TemplateScope } from '../templates/template-kinds.ts';
import { emailFirmOf, findPortalBranding, type PortalBranding } from './find-portal-branding.ts';

/** Days before the due date when the reminder goes, unless the firm set its own (`portal_settings`). */
export const DEFAULT_REMINDER_DAYS_BEFORE = 5;

/** What the emails workflow needs to plan its timers, read when it sends the creation email. */
export interface RequestEmailPlan {
  status: 'open' | 'answered' | 'closed';
  dueDate: IsoDate | null;
  reminderDaysBefore: number;
}

export type SendRequestEmailResult =
  | { outcome: 'sent'; emailId: string; to: string; plan: RequestEmailPlan }
  | { outcome: 'skipped'; reason: 'not_open' | 'no_recipient'; plan: RequestEmailPlan };

/** The idempotency key of a workflow email: one creation, one reminder, one overdue email per request, ever. */
export function informationRequestEmailKey(requestId: string, kind: Exclude<InformationRequestEmailKind, 'resent'>): string {
  return `information-request/${requestId}/${kind}`;
}

const frenchDate = (date: IsoDate) => new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** Every variable the kind declares, filled from `values` (strict Liquid: none may be missing). */
function scopeOf(values: Record<string, string>): TemplateScope {
  const scope: Record<string, Record<string, string>> = {};
  for (const variable of templateKind('email.information-request.body').variables) {
    const [head, field] = variable.path.split('.') as [string, string];
    (scope[head] ??= {})[field] = values[variable.path] ?? '';
  }
  return scope;
}

/**
 * Everything an email about the request reads, in one prepared statement (every email of every
 * request runs it): the request, its client, the firm's reminder setting, the recipient (the
 * request's contact, else the client's preferred one) with its portal access, the client file's
 * firm and its holder.
 */
const requestToEmail = preparedPerDb((db) => {
  const recipient = db
    .select({ email: clientContacts.email, civility: clientContacts.civility, firstName: clientContacts.firstName, lastName: clientContacts.lastName, revokedAt: portalContactAccess.revokedAt })
    .from(clientContacts)
    .leftJoin(portalContactAccess, eq(portalContactAccess.contactId, clientContacts.id))
    .where(and(eq(clientContacts.clientId, informationRequests.clientId), or(isNull(informationRequests.contactId), eq(clientContacts.id, informationRequests.contactId))))
    .orderBy(desc(clientContacts.isPreferred), asc(clientContacts.createdAt), asc(clientContacts.id))
    .limit(1)
    .as('recipient');
  return db
    .select({
      request: informationRequests,
      client: clients,
      reminderDaysBefore: portalSettings.reminderDaysBefore,
      contact: { email: recipient.email, civility: recipient.civility, firstName: recipient.firstName, lastName: recipient.lastName },
      revokedAt: recipient.revokedAt,
      firm: firms,
      holder: { firstName: users.firstName, lastName: users.lastName, email: users.email, mobile: users.mobile },
    })
    .from(informationRequests)
    .innerJoin(clients, eq(clients.id, informationRequests.clientId))
    .leftJoin(portalSettings, eq(portalSettings.organisationId, informationRequests.organisationId))
    .leftJoinLateral(recipient, sql`true`)
    .leftJoin(firms, eq(firms.id, clients.firmId))
    .leftJoin(users, eq(users.id, clients.holderUserId))
    .where(and(eq(informationRequests.organisationId, sql.placeholder('organisationId')), eq(informationRequests.id, sql.placeholder('requestId'))))
    .prepare('information_request_to_email');
});

/** The email's line in the request's history; `createdAt` null means the database's clock. */
const insertRequestEmail = preparedPerDb((db) =>
  db
    .insert(informationRequestEmails)
    .values({
      organisationId: sql.placeholder('organisationId'),
      requestId: sql.placeholder('requestId'),
      kind: sql.placeholder('kind'),
      idempotencyKey: sql.placeholder('idempotencyKey'),
      toAddress: sql.placeholder('toAddress'),
      subject: sql.placeholder('subject'),
      emailId: sql.placeholder('emailId'),
      sentByUserId: sql.placeholder('sentByUserId'),
      createdAt: sql`coalesce(${sql.placeholder('createdAt')}::timestamptz, now())`,
    })
    .onConflictDoNothing({ target: informationRequestEmails.idempotencyKey })
    .prepare('insert_information_request_email'),
);

/**
 * Sends one email about an information request to its contact (the request's, else the client's
 * preferred contact), and records it in the request's email history:
 *
 * - `created` and `resent`: the firm's `email.information-request.*` templates (subject and
 *   wording, rendered with the request's link) framed by the request card and button;
 * - `reminder` (a few days before the due date) and `overdue` (after it): the built-in reminder.
 *
 * Idempotent: the email's idempotency key (`information-request/<id>/<kind>`, or the caller's for
 * a resend) is also the unique key of the history row, so a retried activity sends and records
 * once. Nothing is sent for a request no longer open (answered or closed: no reminder after an
 * answer), nor to a contact without an address or whose access was revoked; the result then
 * says why. Also returns the plan (status, due date, the firm's reminder setting) the workflow
 * times its reminders with.
 */
export async function sendInformationRequestEmail(
  deps: { db: Db; emailSender: EmailSender; from: string; publicBaseUrl: string },
  input: { organisationId: string; requestId: string; kind: InformationRequestEmailKind; idempotencyKey?: string; sentByUserId?: string | null; now?: Date },
): Promise<SendRequestEmailResult> {
  const { db } = deps;
  const [found] = await requestToEmail(db).execute({ organisationId: input.organisationId, requestId: input.requestId });
  if (!found) throw AppError.notFound('Information request');
  const { request, client, contact, firm: firmRow, holder } = found;
  const plan: RequestEmailPlan = { status: request.status, dueDate: request.dueDate, reminderDaysBefore: found.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE };
  if (request.status !== 'open') return { outcome: 'skipped', reason: 'not_open', plan };
  if (!contact?.email || found.revokedAt !== null) return { outcome: 'skipped', reason: 'no_recipient', plan };
  const { email: to, firstName } = contact;

  // The client file's firm heads the email, as findPortalBranding decides; it alone decides the
  // fallbacks (the organisation's first firm, its name) for a client without a firm. Emails show
  // no logo, so it is not read.
  const branding: PortalBranding = firmRow ? { name: firmRow.name, address: firmRow.address, logoDataUrl: null } : await findPortalBranding(db, input.organisationId, client.id);
  const firm = emailFirmOf(branding);
  const url = new URL(`/portail/demandes/${request.id}`, deps.publicBaseUrl).toString();
  const dueDate = request.dueDate ? frenchDate(request.dueDate) : 'dès que possible';
  const card = { title: request.title, message: request.message, dueDate, url };

  let subject: string;
  let element;
  if (input.kind === 'created' || input.kind === 'resent') {
    const sources = await loadTemplateSources(db, input.organisationId, ['email.information-request.subject', 'email.information-request.body']);
    const scope = scopeOf({
      'firm.name': branding.name,
      'firm.legal_form': firmRow?.legalForm ?? '',
      'firm.address': firmRow?.address ?? '',
      'firm.rcs': firmRow?.rcs ?? '',
      'firm.order_registration': firmRow?.orderRegistration ?? '',
      'firm.vat_number': firmRow?.vatNumber ?? '',
      'firm.siren': firmRow?.siren ?? '',
      'client.name': client.name,
      'client.address': [client.street, [client.postalCode, client.city].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      'client.siren': client.siren ?? '',
      'contact.civility': contact.civility === 'Mme' ? 'Madame' : contact.civility === 'M.' ? 'Monsieur' : '',
      'contact.first_name': firstName,
      'contact.last_name': contact.lastName,
      'contact.full_name': `${firstName} ${contact.lastName}`,
      'sender.full_name': holder ? `${holder.firstName} ${holder.lastName}` : branding.name,
      'sender.email': holder?.email ?? '',
      'sender.phone': holder?.mobile ?? '',
      'request.title': request.title,
      'request.message': request.message,
      'request.due_date': dueDate,
      'request.url': url,
    });
    const [renderedSubject, body] = await Promise.all([
      renderTemplate('email.information-request.subject', sources['email.information-request.subject'], scope),
      renderTemplate('email.information-request.body', sources['email.information-request.body'], scope),
    ]);
    subject = renderedSubject;
    element = createElement(InformationRequestCreated, { firm, contactFirstName: firstName, request: card, body });
  } else {
    const overdue = input.kind === 'overdue';
    const today = businessDateOf(input.now ?? new Date());
    const daysLeft = request.dueDate ? Math.max(0, daysBetween(today, request.dueDate)) : 0;
    subject = informationRequestReminderSubject({ request: card, overdue });
    element = createElement(InformationRequestReminder, { firm, contactFirstName: firstName, request: card, overdue, daysLeft });
  }
  const idempotencyKey = input.idempotencyKey ?? informationRequestEmailKey(request.id, input.kind === 'resent' ? 'created' : input.kind);
  const sent = await sendRenderedEmail(deps.emailSender, element, {
    from: deps.from,
    to: [to],
    subject,
    tags: { kind: `information-request-${input.kind}`, [ORGANISATION_TAG]: input.organisationId },
    idempotencyKey,
  });
  await insertRequestEmail(db).execute({
    organisationId: input.organisationId,
    requestId: request.id,
    kind: input.kind,
    idempotencyKey,
    toAddress: to,
    subject,
    emailId: sent.id,
    sentByUserId: input.sentByUserId ?? null,
    createdAt: input.now?.toISOString() ?? null,
  });
  return { outcome: 'sent', emailId: sent.id, to, plan };
}
