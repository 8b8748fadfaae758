import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Db } from '../../db/client.ts';
import { clientContacts, informationRequests, missions, portalContactAccess, serviceItems } from '../../db/schema/index.ts';
import type { IsoDate } from '../calendar/iso-date.ts';
import { findClientContact } from '../clients/find-client-contact.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { forecastMission } from '../missions/forecast-mission.ts';
import { findPortalBranding } from './find-portal-branding.ts';
import { hashSecret, newSecret } from './portal-secrets.ts';

/** The feed's path; the secret names the file (`/portail/calendrier/ecc_….ics`). */
export const CALENDAR_FEED_PATH = '/portail/calendrier';

/**
 * Gives a contact a private calendar URL listing their client's upcoming due dates (to subscribe
 * to from Outlook or Google Calendar). Issuing again replaces it: the previous URL stops working.
 */
export async function issueCalendarFeed(db: Db, actor: Actor, clientId: string, contactId: string, publicBaseUrl: string, now = new Date()): Promise<{ url: string }> {
  return db.transaction(async (tx) => {
    await findClientContact(tx, actor.organisationId, clientId, contactId);
    const secret = newSecret('ecc_');
    await tx
      .insert(portalContactAccess)
      .values({ contactId, organisationId: actor.organisationId, calendarTokenHash: hashSecret(secret), calendarIssuedAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: portalContactAccess.contactId, set: { calendarTokenHash: hashSecret(secret), calendarIssuedAt: now, updatedAt: now } });
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, { action: 'update', before: { calendarFeed: null }, after: { calendarFeed: `issued at ${now.toISOString()}` } });
    return { url: new URL(`${CALENDAR_FEED_PATH}/${secret}.ics`, publicBaseUrl).toString() };
  });
}

/** Revokes a contact's calendar URL (their calendar app then gets 404s). */
export async function revokeCalendarFeed(db: Db, actor: Actor, clientId: string, contactId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await findClientContact(tx, actor.organisationId, clientId, contactId);
    await tx.update(portalContactAccess).set({ calendarTokenHash: null, updatedAt: now }).where(eq(portalContactAccess.contactId, contactId));
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, { action: 'update', before: { calendarFeed: 'issued' }, after: { calendarFeed: null } });
  });
}

/** One upcoming due date of the feed. */
export interface CalendarDueDate {
  uid: string;
  date: IsoDate;
  title: string;
  description: string;
  url: string;
}

/**
 * The upcoming due dates of a client, from today on: every deadline of its signed missions'
 * forecast whose service asks the client something (one entry per information request item —
 * the same dates the mission forecast shows, created or still planned), and the open requests
 * made outside missions.
 */
export async function upcomingDueDates(db: Db, organisationId: string, clientId: string, publicBaseUrl: string, today: IsoDate): Promise<CalendarDueDate[]> {
  const portalUrl = (path: string) => new URL(path, publicBaseUrl).toString();
  const entries: CalendarDueDate[] = [];
  const live = await db
    .select({ id: missions.id })
    .from(missions)
    .where(and(eq(missions.organisationId, organisationId), eq(missions.clientId, clientId), inArray(missions.status, ['signed', 'active'])));
  for (const mission of live) {
    const forecast = await forecastMission(db, organisationId, mission.id, { today });
    const serviceIds = [...new Set(forecast.occurrences.map((occurrence) => occurrence.serviceId))];
    const items = serviceIds.length === 0 ? [] : await db.select().from(serviceItems).where(and(inArray(serviceItems.serviceId, serviceIds), eq(serviceItems.kind, 'information_request'))).orderBy(asc(serviceItems.position));
    const created = await db
      .select({ id: informationRequests.id, occurrenceId: informationRequests.occurrenceId, serviceItemId: informationRequests.serviceItemId })
      .from(informationRequests)
      .where(and(eq(informationRequests.missionId, mission.id), gte(informationRequests.dueDate, today)));
    for (const occurrence of forecast.occurrences) {
      if (occurrence.deadline < today) continue;
      for (const item of items.filter((candidate) => candidate.serviceId === occurrence.serviceId)) {
        const request = created.find((row) => row.occurrenceId === occurrence.occurrenceId && row.serviceItemId === item.id);
        entries.push({
          uid: `${occurrence.lineId}-${occurrence.deadline}-${item.id}@echeance`,
          date: occurrence.deadline,
          title: item.title,
          description: item.message ?? item.title,
          url: portalUrl(request ? `/portail/demandes/${request.id}` : '/portail'),
        });
      }
    }
  }
  const outside = await db
    .select()
    .from(informationRequests)
    .where(and(eq(informationRequests.organisationId, organisationId), eq(informationRequests.clientId, clientId), eq(informationRequests.status, 'open'), gte(informationRequests.dueDate, today)));
  for (const request of outside.filter((row) => row.missionId === null)) {
    entries.push({ uid: `${request.id}@echeance`, date: request.dueDate!, title: request.title, description: request.message, url: portalUrl(`/portail/demandes/${request.id}`) });
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || a.uid.localeCompare(b.uid));
}

/**
 * The iCalendar feed behind a calendar URL, or null (unknown or revoked secret, revoked contact):
 * all-day events on each upcoming due date, with the link to answer.
 */
export async function calendarFeed(db: Db, secret: string, publicBaseUrl: string, now = new Date()): Promise<string | null> {
  if (!secret.startsWith('ecc_') || secret.length > 100) return null;
  const [access] = await db
    .select({ organisationId: portalContactAccess.organisationId, revokedAt: portalContactAccess.revokedAt, clientId: clientContacts.clientId })
    .from(portalContactAccess)
    .innerJoin(clientContacts, eq(clientContacts.id, portalContactAccess.contactId))
    .where(eq(portalContactAccess.calendarTokenHash, hashSecret(secret)));
  if (!access || access.revokedAt !== null) return null;
  const branding = await findPortalBranding(db, access.organisationId, access.clientId);
  const calendar = ical({ name: `Échéances — ${branding.name}`, method: ICalCalendarMethod.PUBLISH, prodId: { company: 'Échéance', product: 'Échéances client', language: 'FR' }, ttl: 60 * 60 * 6 });
  for (const entry of await upcomingDueDates(db, access.organisationId, access.clientId, publicBaseUrl, businessDateOf(now))) {
    calendar.createEvent({
      id: entry.uid,
      start: new Date(`${entry.date}T00:00:00Z`),
      allDay: true,
      summary: `À fournir : ${entry.title}`,
      description: `${entry.description}\n\nRépondre : ${entry.url}`,
      url: entry.url,
      stamp: now,
    });
  }
  return calendar.toString();
}
