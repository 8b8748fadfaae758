import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  clientContacts,
  clients,
  firms,
  missionLetters,
  prospectContactLinks,
  prospectContacts,
  prospects,
  users,
  type ServiceType,
} from '../../db/schema/index.ts';
import { listCustomFields, formatCustomValue, type CustomFieldRow } from '../custom-fields/custom-fields.ts';
import { AppError } from '../errors.ts';
import { liveLines, findMission, type MissionView } from '../missions/mission-view.ts';
import { findFile } from '../prospects/files/file-view.ts';
import { FREQUENCY_LABELS, OCCURRENCES_PER_YEAR, formatEuros, formatFrenchDate, formatFrenchDay } from './french-format.ts';
import type { CustomFieldLine, LetterScope } from './render-letter.ts';

type FirmRow = typeof firms.$inferSelect;
type MissionLetterRow = typeof missionLetters.$inferSelect;

const PROSPECT_TYPOLOGY: Readonly<Record<string, string>> = {
  company: 'Société',
  sole_trader: 'Entrepreneur individuel',
  individual: 'Particulier',
  association: 'Association',
  property_company: 'Société civile immobilière',
  other: 'Autre',
};

/** A letter's data, the custom fields it prints, and the mission type those fields belong to. */
export interface LetterData {
  readonly scope: LetterScope;
  readonly customFields: readonly CustomFieldLine[];
  readonly firmId: string;
  readonly clientId: string | null;
}

function firmScope(firm: FirmRow | undefined): LetterScope['firm'] {
  return {
    name: firm?.name ?? '',
    legal_form: firm?.legalForm ?? '',
    address: firm?.address ?? '',
    rcs: firm?.rcs ?? '',
    order_registration: firm?.orderRegistration ?? '',
    vat_number: firm?.vatNumber ?? '',
    phone: '',
    email: '',
  };
}

function address(row: { street: string | null; addressComplement: string | null; postalCode: string | null; city: string | null }): string {
  return [row.street, row.addressComplement, [row.postalCode, row.city].filter(Boolean).join(' ')].filter((part) => part && part.trim() !== '').join(', ');
}

function civility(value: 'M.' | 'Mme' | null): string {
  return value === 'Mme' ? 'Madame' : value === 'M.' ? 'Monsieur' : '';
}

function customOf(fields: readonly CustomFieldRow[], values: Record<string, unknown>): { scope: Record<string, string>; lines: CustomFieldLine[] } {
  const scope: Record<string, string> = {};
  const lines: CustomFieldLine[] = [];
  for (const field of fields) {
    const value = formatCustomValue(field, values[field.key] as never);
    scope[field.key] = value;
    if (value !== '') lines.push({ label: field.label, value });
  }
  return { scope, lines };
}

async function loadFirm(db: Db, organisationId: string, firmId: string | null): Promise<FirmRow> {
  const query = db.select().from(firms).where(firmId ? and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)) : eq(firms.organisationId, organisationId));
  const [firm] = await query.orderBy(asc(firms.createdAt)).limit(1);
  if (!firm) throw new AppError('precondition_failed', 'The organisation has no firm to write the letter for');
  return firm;
}

async function representative(db: Db, organisationId: string, userId: string | null): Promise<LetterScope['firm_representative']> {
  if (!userId) return { full_name: '', title: '' };
  const [user] = await db.select().from(users).where(and(eq(users.organisationId, organisationId), eq(users.id, userId)));
  return user ? { full_name: `${user.firstName} ${user.lastName}`, title: user.role === 'admin' ? 'Associé' : 'Collaborateur' } : { full_name: '', title: '' };
}

function missionOf(mission: Pick<MissionView, 'id' | 'startDate' | 'endDate'>, services: LetterScope['mission']['services'], annualCents: number, interviewDate: string | null): LetterScope['mission'] {
  return {
    reference: `LM-${mission.startDate.slice(0, 4)}-${mission.id.slice(0, 8).toUpperCase()}`,
    start_date: formatFrenchDate(mission.startDate),
    first_closing_date: formatFrenchDate(mission.endDate),
    interview_date: interviewDate ? formatFrenchDate(interviewDate) : '',
    annual_fees: `${formatEuros(annualCents)} HT`,
    annual_vat: formatEuros(Math.round(annualCents * 0.2)),
    annual_fees_incl_tax: `${formatEuros(Math.round(annualCents * 1.2))} TTC`,
    services,
  };
}

/**
 * The letter data of a mission: its client, the client's representative (the letter's contact, or
 * the preferred one), its firm and legal representative, its lines with their fees, the letter's
 * interview date and typology, and the custom fields of its mission type with their values.
 * `letter` replaces the stored letter (a preview of unsaved changes).
 */
export async function missionLetterData(db: Db, organisationId: string, missionId: string, letter?: MissionLetterRow | null): Promise<LetterData & { mission: MissionView; letter: MissionLetterRow | null }> {
  const mission = await findMission(db, organisationId, missionId);
  const stored = letter === undefined ? ((await db.select().from(missionLetters).where(eq(missionLetters.missionId, missionId)))[0] ?? null) : letter;
  const [client] = await db.select().from(clients).where(and(eq(clients.organisationId, organisationId), eq(clients.id, mission.clientId)));
  if (!client) throw AppError.notFound('Client');
  const contacts = await db.select().from(clientContacts).where(eq(clientContacts.clientId, client.id)).orderBy(desc(clientContacts.isPreferred), asc(clientContacts.createdAt));
  const contact = contacts.find((c) => c.id === stored?.clientRepresentativeContactId) ?? contacts[0];
  const firm = await loadFirm(db, organisationId, mission.firmId ?? client.firmId);
  const missionType: ServiceType = stored?.missionType ?? 'accounting';
  const fields = await listCustomFields(db, organisationId, missionType, { includeArchived: true });
  const custom = customOf(fields.filter((f) => f.archivedAt === null || stored?.customValues[f.key] !== undefined), stored?.customValues ?? {});
  let annual = 0;
  const services = liveLines(mission).map((line) => {
    const perYear = line.frequency === 'one-off' ? line.quantity : (OCCURRENCES_PER_YEAR[line.frequency] ?? 1);
    annual += line.effectivePriceCents * perYear;
    return { label: line.serviceLabel, frequency: FREQUENCY_LABELS[line.frequency] ?? line.frequency, fees: formatEuros(line.effectivePriceCents), annual: formatEuros(line.effectivePriceCents * perYear) };
  });
  const scope: LetterScope = {
    firm: firmScope(firm),
    client: { name: client.name, address: address(client), siren: client.siren ?? '', typology: stored?.typology ?? '' },
    contact: contact
      ? { civility: civility(contact.civility), first_name: contact.firstName, last_name: contact.lastName, full_name: `${contact.firstName} ${contact.lastName}` }
      : { civility: '', first_name: '', last_name: '', full_name: '' },
    mission: missionOf(mission, services, annual, stored?.interviewDate ?? null),
    firm_representative: await representative(db, organisationId, stored?.firmRepresentativeUserId ?? mission.assigneeUserId),
    custom: custom.scope,
    today: formatFrenchDay(new Date()),
  };
  return { scope, customFields: custom.lines, firmId: firm.id, clientId: client.id, mission, letter: stored };
}

/**
 * The letter data of a prospect file (seed 003's print menu on a prospect's file): the prospect as
 * the client, its preferred contact, the file's firm, holder and missions, the offer as the fees.
 * Custom fields print empty: they are filled on a mission.
 */
export async function prospectFileLetterData(db: Db, organisationId: string, fileId: string): Promise<LetterData> {
  const file = await findFile(db, organisationId, fileId);
  const [prospect] = await db.select().from(prospects).where(and(eq(prospects.organisationId, organisationId), eq(prospects.id, file.prospectId)));
  if (!prospect) throw AppError.notFound('Prospect');
  const [contact] = await db
    .select({ contact: prospectContacts })
    .from(prospectContactLinks)
    .innerJoin(prospectContacts, eq(prospectContacts.id, prospectContactLinks.contactId))
    .where(eq(prospectContactLinks.prospectId, prospect.id))
    .orderBy(desc(prospectContactLinks.isPreferred), asc(prospectContactLinks.createdAt))
    .limit(1);
  const firm = await loadFirm(db, organisationId, file.firmId);
  const fields = await listCustomFields(db, organisationId, file.serviceType);
  const offer = file.offerAmountCents ?? 0;
  const start = file.startDate ?? new Date().toISOString().slice(0, 10);
  const services = file.missions.map((m) => ({ label: m.label, frequency: 'Annuelle', fees: '', annual: '' }));
  const scope: LetterScope = {
    firm: firmScope(firm),
    client: { name: prospect.companyName, address: address(prospect), siren: prospect.siret?.slice(0, 9) ?? '', typology: PROSPECT_TYPOLOGY[file.clientType] ?? '' },
    contact: contact
      ? { civility: civility(contact.contact.civility), first_name: contact.contact.firstName, last_name: contact.contact.lastName, full_name: `${contact.contact.firstName} ${contact.contact.lastName}` }
      : { civility: '', first_name: '', last_name: '', full_name: '' },
    mission: missionOf({ id: file.id, startDate: start, endDate: file.endDate ?? start }, offer > 0 && services.length === 0 ? [] : services, offer, null),
    firm_representative: await representative(db, organisationId, file.partnerUserId ?? file.holderUserId),
    custom: Object.fromEntries(fields.map((field) => [field.key, ''])),
    today: formatFrenchDay(new Date()),
  };
  return { scope, customFields: [], firmId: firm.id, clientId: prospect.clientId };
}
