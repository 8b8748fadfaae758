import { TEMPLATE_LIMITS, templateEngine } from '../templates/liquid-engine.ts';
import type { TemplateScope } from '../templates/template-kinds.ts';

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `1 234,50 €` from cents. */
export function formatEuros(cents: number): string {
  return euros.format(cents / 100).replace(/\u202f|\u00a0/g, ' ');
}

/** `30 novembre 2026` from `2026-11-30`. */
export function formatFrenchDate(date: string): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}

/**
 * Renders a firm-written invoicing text (invoice header/footer, reminder subject and body) with
 * the shared locked-down Liquid engine. Variables the scope lacks fail the render (strict), so
 * saving a template trial-renders it with sample values first.
 */
/**
 * The scope of the firm's invoicing texts (PDF header and footer, reminder emails) for one issued
 * invoice: `outstanding` is what is still due (the total unless told).
 */
export function invoiceTextScope(
  invoice: { number: string | null; issueDate: string | null; dueDate: string | null; totalInclTaxCents: number },
  snapshot: { seller: { name: string; email?: string | null | undefined }; buyer: { name: string } },
  outstandingCents = invoice.totalInclTaxCents,
) {
  return {
    firm: { name: snapshot.seller.name, email: snapshot.seller.email ?? '' },
    client: { name: snapshot.buyer.name },
    invoice: {
      number: invoice.number!,
      issue_date: formatFrenchDate(invoice.issueDate!),
      due_date: formatFrenchDate(invoice.dueDate!),
      total: formatEuros(invoice.totalInclTaxCents),
      outstanding: formatEuros(outstandingCents),
    },
  };
}

export async function renderInvoicingText(source: string, scope: TemplateScope, singleLine = false): Promise<string> {
  const templates = templateEngine.parse(source);
  const text = String(await templateEngine.render(templates, scope, { templateLimit: TEMPLATE_LIMITS.templateLimit }));
  return singleLine ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** The variables invoicing texts may print, with sample values (previews, save-time trial render). */
export const SAMPLE_INVOICING_SCOPE = {
  firm: { name: 'Cabinet Lefèvre & Associés', email: 'facturation@lefevre.fr' },
  client: { name: 'Boulangerie Hébert SARL' },
  invoice: { number: 'F-2026-00042', issue_date: '30 novembre 2026', due_date: '30 décembre 2026', total: '1 200,00 €', outstanding: '600,00 €' },
} satisfies TemplateScope;
