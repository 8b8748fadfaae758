import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, type clients, type firms } from '../../db/schema/index.ts';
import type { PostalAddress } from '../../db/schema/invoicing.ts';
import { isValidSiren } from '../identifiers/french-identifiers.ts';
import type { InvoicingSettingsRow } from './invoicing-settings.ts';

type Firm = typeof firms.$inferSelect;
type Client = typeof clients.$inferSelect;

/** The €40 fixed recovery indemnity (C. com. L441-10, D441-5), printed on every invoice. */
export const RECOVERY_INDEMNITY_CENTS = 4000;

/**
 * What an invoice may not lack (C. com. L441-9, CGI 242 nonies A) that comes from the firm or
 * the client rather than from the invoice itself: each missing item by a stable name, so the
 * refusal to issue can list them all at once (`firm.siren`, `client.address`…).
 */
export function missingMandatoryMentions(firm: Firm, settings: InvoicingSettingsRow, client: Client): string[] {
  const missing: string[] = [];
  if (!firm.name.trim()) missing.push('firm.name');
  if (!firm.siren || !isValidSiren(firm.siren)) missing.push('firm.siren');
  if (!firm.vatNumber?.trim()) missing.push('firm.vatNumber');
  if (!settings.address) missing.push('firm.invoicingSettings.address');
  if (settings.latePenaltyRatePercent === null) missing.push('firm.invoicingSettings.latePenaltyRatePercent');
  if (!client.street || !client.postalCode || !client.city) missing.push('client.address');
  if (client.kind === 'company' && (!client.siren || !isValidSiren(client.siren))) missing.push('client.siren');
  return missing;
}

/** The client's address as an invoice prints it. */
export function clientAddress(client: Client): PostalAddress {
  return {
    line1: client.street ?? '',
    ...(client.addressComplement ? { line2: client.addressComplement } : {}),
    postalCode: client.postalCode ?? '',
    city: client.city ?? '',
    country: client.country,
  };
}

/** The email invoices and reminders go to: the client's preferred contact's, else any contact's. */
export async function billingEmailOf(db: Db, clientId: string): Promise<string | null> {
  const [contact] = await db
    .select({ email: clientContacts.email })
    .from(clientContacts)
    .where(and(eq(clientContacts.clientId, clientId), isNotNull(clientContacts.email)))
    .orderBy(desc(clientContacts.isPreferred), clientContacts.createdAt)
    .limit(1);
  return contact?.email ?? null;
}
