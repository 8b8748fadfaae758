import { and, eq, isNull, sql } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../adapters/email/email-sender.ts';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients, portalContactAccess } from '../../db/schema/index.ts';
import PortalSignInLink, { portalSignInLinkSubject } from '../../emails/portal-sign-in-link.tsx';
import { sendRenderedEmail } from '../../emails/render-email.ts';
import { emailFirmOf, findPortalBranding } from './find-portal-branding.ts';
import { issueSignInLink, SIGN_IN_LINK_TTL_MS } from './issue-sign-in-link.ts';
import { hashSecret } from './portal-secrets.ts';

/** At most this many contacts (clients) share one address; beyond, the address is someone's catch-all. */
const MAX_CONTACTS_PER_ADDRESS = 10;

/**
 * "Send me a sign-in link": emails a magic link to every (non-revoked) client contact with this
 * address — a person may be the contact of several clients, each link opens one of them. Says
 * nothing about whether the address is known (the page always answers the same), so the form
 * cannot be used to find out who is a client.
 */
export async function sendSignInLinks(
  deps: { db: Db; emailSender: EmailSender; from: string; publicBaseUrl: string },
  input: { email: string; redirectPath?: string | null | undefined },
  now = new Date(),
): Promise<{ sent: number }> {
  const address = input.email.trim().toLowerCase();
  const contacts = await deps.db
    .select({ id: clientContacts.id, organisationId: clientContacts.organisationId, clientId: clientContacts.clientId, firstName: clientContacts.firstName, email: clientContacts.email, clientName: clients.name })
    .from(clientContacts)
    .innerJoin(clients, eq(clients.id, clientContacts.clientId))
    .leftJoin(portalContactAccess, eq(portalContactAccess.contactId, clientContacts.id))
    .where(and(sql`lower(${clientContacts.email}) = ${address}`, isNull(portalContactAccess.revokedAt)))
    .limit(MAX_CONTACTS_PER_ADDRESS);
  for (const contact of contacts) {
    await sendSignInLink(deps, { ...contact, email: contact.email!, redirectPath: input.redirectPath }, now);
  }
  return { sent: contacts.length };
}

/** Issues one contact's magic link and emails it (idempotency key: the link itself). */
export async function sendSignInLink(
  deps: { db: Db; emailSender: EmailSender; from: string; publicBaseUrl: string },
  contact: { id: string; organisationId: string; clientId: string; firstName: string; email: string; clientName: string; redirectPath?: string | null | undefined },
  now = new Date(),
): Promise<{ url: string }> {
  const link = await issueSignInLink(deps.db, { organisationId: contact.organisationId, contactId: contact.id, redirectPath: contact.redirectPath }, { publicBaseUrl: deps.publicBaseUrl, now });
  const branding = await findPortalBranding(deps.db, contact.organisationId, contact.clientId);
  const props = {
    firm: emailFirmOf(branding),
    contactFirstName: contact.firstName,
    clientName: contact.clientName,
    url: link.url,
    validMinutes: SIGN_IN_LINK_TTL_MS / 60_000,
  };
  await sendRenderedEmail(deps.emailSender, createElement(PortalSignInLink, props), {
    from: deps.from,
    to: [contact.email],
    subject: portalSignInLinkSubject(props),
    tags: { kind: 'portal-sign-in', [ORGANISATION_TAG]: contact.organisationId },
    idempotencyKey: `portal-sign-in/${hashSecret(new URL(link.url).searchParams.get('jeton')!)}`,
  });
  return { url: link.url };
}
