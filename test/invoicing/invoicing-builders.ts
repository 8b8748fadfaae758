import type { Db } from '../../db/client.ts';
import type { ReminderStep } from '../../db/schema/invoicing.ts';
import { updateFirm } from '../../domain/firms/update-firm.ts';
import { createDirectInvoice } from '../../domain/invoicing/create-invoice.ts';
import type { LineInput } from '../../domain/invoicing/document-totals.ts';
import { saveInvoicingSettings } from '../../domain/invoicing/invoicing-settings.ts';
import type { InvoicingSettingsInput } from '../../domain/invoicing/invoicing-input.ts';
import { issueInvoice } from '../../domain/invoicing/issue-invoice.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import type { SeededOrganisation } from '../support/seed.ts';

/** The French intra-community VAT number of a SIREN (key = (12 + 3 × (SIREN mod 97)) mod 97). */
export function frenchVatNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

export const FIRM_SIREN = '552100554';

/** The usual schedule: reminders 7, 15 and 30 days after the due date, each with its own text. */
export const DEFAULT_REMINDER_STEPS: ReminderStep[] = [
  { offsetDays: 7, subject: 'Rappel : facture {{ invoice.number }} échue', body: 'Bonjour,\n\nSauf erreur de notre part, la facture {{ invoice.number }} du {{ invoice.issue_date }} reste due : {{ invoice.outstanding }}.\n\n{{ firm.name }}' },
  { offsetDays: 15, subject: 'Deuxième rappel : facture {{ invoice.number }}', body: 'Bonjour,\n\nNous n’avons pas reçu le règlement de la facture {{ invoice.number }} ({{ invoice.outstanding }} restant dû, échéance {{ invoice.due_date }}).\n\n{{ firm.name }}' },
  { offsetDays: 30, subject: 'Mise en demeure : facture {{ invoice.number }}', body: 'Bonjour,\n\nLa facture {{ invoice.number }} reste impayée ({{ invoice.outstanding }}). Des pénalités de retard et l’indemnité forfaitaire de 40 € sont exigibles.\n\n{{ firm.name }}' },
];

/** Gives the seeded organisation's firm everything an invoice must print, and its reminder schedule. */
export async function seedInvoicingFirm(db: Db, org: SeededOrganisation, overrides: Partial<InvoicingSettingsInput> = {}) {
  await updateFirm(db, adminActor(org), org.firm.id, { siren: FIRM_SIREN, vatNumber: frenchVatNumber(FIRM_SIREN), legalForm: 'SAS', rcs: 'RCS Lyon 552 100 554' });
  return saveInvoicingSettings(db, adminActor(org), org.firm.id, {
    address: { line1: '12 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR' },
    email: 'facturation@cabinet.test',
    iban: 'FR7630006000011234567890189',
    latePenaltyRatePercent: 12.37,
    vatOnDebits: false,
    paymentTermsDays: 30,
    reminderSteps: DEFAULT_REMINDER_STEPS,
    ...overrides,
  });
}

export const SAMPLE_LINES: LineInput[] = [
  { label: 'Tenue de la comptabilité', quantity: 12, unitPriceCents: 25_000, vatRate: 20, discountPercent: 0, nature: 'services' },
  { label: 'Bilan et liasse fiscale', quantity: 1, unitPriceCents: 96_000, vatRate: 20, discountPercent: 10, nature: 'services' },
  { label: 'Ouvrage « Guide fiscal »', quantity: 2, unitPriceCents: 3_999, vatRate: 5.5, discountPercent: 0, nature: 'goods' },
];

/** A company client (valid SIREN, Paris address) and a draft invoice for it. */
export async function seedDraftInvoice(db: Db, org: SeededOrganisation, lines: LineInput[] = SAMPLE_LINES, clientId?: string) {
  const id = clientId ?? (await seedClient(db, org)).id;
  return createDirectInvoice(db, adminActor(org), { clientId: id, lines, buyerVatNumber: frenchVatNumber('732829320') });
}

/** An issued invoice (the firm must have been given its invoicing data first). */
export async function seedIssuedInvoice(db: Db, org: SeededOrganisation, lines: LineInput[] = SAMPLE_LINES, options: { now?: Date } = {}) {
  const draft = await seedDraftInvoice(db, org, lines);
  return issueInvoice(db, adminActor(org), draft.id, options);
}
