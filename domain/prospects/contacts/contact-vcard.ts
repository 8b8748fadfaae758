import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks, prospects } from '../../../db/schema/index.ts';
import { findContactRow, type ContactRow } from './contact-view.ts';

/** Escapes a vCard 3.0 text value (RFC 2426 §4): backslash, comma, semicolon, newline. */
export function escapeVCardText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 2425 §5.8.1): continuation lines start with one space.
 * Cuts only between characters, never inside a UTF-8 sequence.
 */
export function foldVCardLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines carry the leading space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export interface VCardOrganisation {
  companyName: string;
  street: string | null;
  addressComplement: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  website: string | null;
}

/** Writes a contact person as a vCard 3.0 (CRLF line ends, escaped and folded). */
export function contactToVCard(contact: ContactRow, organisation?: VCardOrganisation): string {
  const text = escapeVCardText;
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${text(contact.lastName)};${text(contact.firstName)};;${text(contact.civility ?? '')};`,
    `FN:${text([contact.firstName, contact.lastName].join(' '))}`,
    `UID:urn:uuid:${contact.id}`,
  ];
  if (organisation) {
    lines.push(`ORG:${text(organisation.companyName)}`);
    if (organisation.street || organisation.city || organisation.postalCode) {
      const street = [organisation.street, organisation.addressComplement].filter(Boolean).join('\n');
      lines.push(`ADR;TYPE=WORK:;;${text(street)};${text(organisation.city ?? '')};;${text(organisation.postalCode ?? '')};${text(organisation.country)}`);
    }
    if (organisation.website) lines.push(`URL:${organisation.website}`);
  }
  if (contact.function) lines.push(`TITLE:${text(contact.function)}`);
  if (contact.mobile) lines.push(`TEL;TYPE=CELL,VOICE:${text(contact.mobile)}`);
  if (contact.homePhone) lines.push(`TEL;TYPE=HOME,VOICE:${text(contact.homePhone)}`);
  if (contact.email) lines.push(`EMAIL;TYPE=INTERNET,PREF:${text(contact.email)}`);
  if (contact.birthDate) lines.push(`BDAY:${contact.birthDate}`);
  lines.push(`REV:${contact.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`, 'END:VCARD');
  return `${lines.map(foldVCardLine).join('\r\n')}\r\n`;
}

/**
 * The vCard of a contact of the organisation, with the company of the prospect it is the
 * preferred contact of (else the first prospect it was linked to), and a file name for it.
 */
export async function exportContactVCard(db: Db, organisationId: string, contactId: string): Promise<{ fileName: string; vcard: string }> {
  const contact = await findContactRow(db, organisationId, contactId);
  const [company] = await db
    .select({
      companyName: prospects.companyName,
      street: prospects.street,
      addressComplement: prospects.addressComplement,
      postalCode: prospects.postalCode,
      city: prospects.city,
      country: prospects.country,
      website: prospects.website,
    })
    .from(prospectContactLinks)
    .innerJoin(prospects, eq(prospects.id, prospectContactLinks.prospectId))
    .where(and(eq(prospectContactLinks.contactId, contactId), eq(prospects.organisationId, organisationId)))
    .orderBy(desc(prospectContactLinks.isPreferred), asc(prospectContactLinks.createdAt))
    .limit(1);
  const fileName = `${`${contact.firstName}-${contact.lastName}`.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/[^A-Za-z0-9-]+/g, '-')}.vcf`;
  return { fileName, vcard: contactToVCard(contact, company) };
}
