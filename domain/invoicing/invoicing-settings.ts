import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmInvoicingSettings, firms } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { parseTemplate } from '../templates/render-template.ts';
import { renderInvoicingText, SAMPLE_INVOICING_SCOPE } from './render-invoice-text.ts';
import type { InvoicingSettingsInput } from './invoicing-input.ts';

export type InvoicingSettingsRow = typeof firmInvoicingSettings.$inferSelect;

/** What a firm that never saved its settings has: 30 days, no reminders, no penalty rate yet. */
function defaults(organisationId: string, firmId: string): InvoicingSettingsRow {
  return {
    firmId,
    organisationId,
    address: null,
    email: null,
    iban: null,
    latePenaltyRatePercent: null,
    vatOnDebits: false,
    paymentTermsDays: 30,
    reminderSteps: [],
    headerText: null,
    footerText: null,
    updatedAt: new Date(0),
  };
}

/** The firm (404 for another organisation's) and its invoicing settings. */
export async function findInvoicingSettings(db: Db, organisationId: string, firmId: string) {
  const [firm] = await db.select().from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.notFound('Firm');
  const [settings] = await db.select().from(firmInvoicingSettings).where(eq(firmInvoicingSettings.firmId, firmId));
  return { firm, settings: settings ?? defaults(organisationId, firmId) };
}

/**
 * Saves a firm's invoicing settings (address, penalty rate, VAT-on-debits option, terms, the
 * reminder schedule with one editable email per step, the invoice model's paragraphs). Every
 * template must parse, and each reminder body must print the invoice number.
 */
export async function saveInvoicingSettings(db: Db, actor: Actor, firmId: string, input: InvoicingSettingsInput): Promise<InvoicingSettingsRow> {
  const problems: { field: string; message: string }[] = [];
  input.reminderSteps.forEach((step, index) => {
    for (const part of ['subject', 'body'] as const) {
      const parsed = parseTemplate(step[part]);
      if (!parsed.ok) problems.push({ field: `reminderSteps.${index}.${part}`, message: parsed.problem.message });
    }
    if (!/\{\{\s*invoice\.number\s*\}\}/.test(step.body)) problems.push({ field: `reminderSteps.${index}.body`, message: 'must print {{ invoice.number }}' });
  });
  for (const part of ['headerText', 'footerText'] as const) {
    const source = input[part];
    if (source) {
      const parsed = parseTemplate(source);
      if (!parsed.ok) problems.push({ field: part, message: parsed.problem.message });
    }
  }
  // A trial render with sample values catches unknown variables and filters (strict engine).
  const sources: [string, string | null | undefined][] = [
    ['headerText', input.headerText],
    ['footerText', input.footerText],
    ...input.reminderSteps.flatMap((step, index): [string, string][] => [
      [`reminderSteps.${index}.subject`, step.subject],
      [`reminderSteps.${index}.body`, step.body],
    ]),
  ];
  for (const [field, source] of sources) {
    if (!source || problems.some((problem) => problem.field === field)) continue;
    try {
      await renderInvoicingText(source, SAMPLE_INVOICING_SCOPE);
    } catch (error) {
      problems.push({ field, message: (error as Error).message.split('\n')[0]! });
    }
  }
  if (problems.length > 0) throw AppError.invalid(problems.map((p) => ({ ...p, location: 'body' as const })));

  return db.transaction(async (tx) => {
    const { settings: before } = await findInvoicingSettings(tx, actor.organisationId, firmId);
    const values = {
      firmId,
      organisationId: actor.organisationId,
      address: input.address ?? null,
      email: input.email ?? null,
      iban: input.iban ?? null,
      latePenaltyRatePercent: input.latePenaltyRatePercent == null ? null : input.latePenaltyRatePercent.toFixed(2),
      vatOnDebits: input.vatOnDebits,
      paymentTermsDays: input.paymentTermsDays,
      reminderSteps: [...input.reminderSteps].sort((a, b) => a.offsetDays - b.offsetDays),
      headerText: input.headerText ?? null,
      footerText: input.footerText ?? null,
      updatedAt: new Date(),
    };
    const [row] = await tx.insert(firmInvoicingSettings).values(values).onConflictDoUpdate({ target: firmInvoicingSettings.firmId, set: values }).returning();
    await recordHistory(tx, actor, { type: 'firm_invoicing_settings', id: firmId }, { action: 'update', before, after: row! });
    return row!;
  });
}
