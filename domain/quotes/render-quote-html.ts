import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firms } from '../../db/schema/index.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { formatEuros, formatFrenchDate } from '../letters/french-format.ts';
import { escapeHtml, textToHtml } from '../templates/text-blocks.ts';
import { isIncluded } from './quote-totals.ts';
import { findQuoteAccount } from './quote-parties.ts';
import { findQuoteSettings } from './quote-settings.ts';
import { findQuote, type QuoteView } from './quote-view.ts';

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
const rate = (value: number) => `${number.format(value)} %`;

const STYLE = `
  body { margin: 0; font-family: "Document Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #1d1d1f; }
  header { display: flex; justify-content: space-between; gap: 24pt; margin-bottom: 18pt; }
  h1 { font-size: 16pt; margin: 0 0 4pt; }
  table { width: 100%; border-collapse: collapse; margin: 8pt 0; }
  th, td { border-bottom: 0.5pt solid #bbb; padding: 3pt 4pt; text-align: right; vertical-align: top; }
  th:first-child, td:first-child { text-align: left; }
  .totals { width: 50%; margin-left: auto; }
  .mentions { font-size: 8pt; color: #333; margin-top: 14pt; }
  .agreement { border: 0.5pt solid #888; height: 60pt; width: 50%; margin-left: auto; padding: 4pt; }
  .anchor { color: #fff; font-size: 1pt; }
`;

/** The quote's lines as a table; optional lines not chosen are listed apart, uncounted. */
export function quoteLinesHtml(quote: Pick<QuoteView, 'lines'>): string {
  const row = (line: QuoteView['lines'][number]) =>
    `<tr><td>${escapeHtml(line.label)}${line.description ? `<br><small>${escapeHtml(line.description)}</small>` : ''}</td><td>${number.format(line.quantity)}</td><td>${formatEuros(line.unitPriceCents)}</td><td>${line.discountPercent ? rate(line.discountPercent) : ''}</td><td>${rate(line.vatRate)}</td><td>${formatEuros(line.netCents)}</td></tr>`;
  const head = '<tr><th>Désignation</th><th>Qté</th><th>Prix unitaire HT</th><th>Remise</th><th>TVA</th><th>Total HT</th></tr>';
  const included = quote.lines.filter(isIncluded);
  const offered = quote.lines.filter((line) => !isIncluded(line));
  return `<table>${head}${included.map(row).join('')}</table>${offered.length ? `<h3>Options proposées (non comprises)</h3><table>${head}${offered.map(row).join('')}</table>` : ''}`;
}

/** Totals excluding VAT, the VAT per rate and the total including VAT. */
export function quoteTotalsHtml(quote: Pick<QuoteView, 'vatBreakdown' | 'totalExclTaxCents' | 'totalInclTaxCents'>): string {
  return `<table class="totals"><tr><th>Total HT</th><td>${formatEuros(quote.totalExclTaxCents)}</td></tr>${quote.vatBreakdown
    .map((row) => `<tr><th>TVA ${rate(row.vatRate)} sur ${formatEuros(row.baseCents)}</th><td>${formatEuros(row.vatCents)}</td></tr>`)
    .join('')}<tr><th>Total TTC</th><td><strong>${formatEuros(quote.totalInclTaxCents)}</strong></td></tr></table>`;
}

/**
 * The printed quote (HTML for the PDF port, domain/invoicing's layout): the firm's identity and
 * legal information, the account, the lines with optional ones apart, totals and the VAT
 * breakdown, the validity, the firm's own legal mentions (firm-editable in its quote settings)
 * and the "bon pour accord" box. `signatureAnchor` (the Yousign smart anchor of the client, when
 * the quote goes to Yousign) is written in the box in white 1 pt text, so the provider places the
 * signature field there.
 */
export async function renderQuoteHtml(db: Db, organisationId: string, quoteId: string, options: { signatureAnchor?: string | undefined } = {}): Promise<string> {
  const quote = await findQuote(db, organisationId, quoteId);
  const [firm] = await db.select().from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, quote.firmId)));
  const settings = await findQuoteSettings(db, organisationId, quote.firmId);
  const account = await findQuoteAccount(db, organisationId, quote.accountKind, (quote.clientId ?? quote.prospectId)!, { in: 'path', entity: 'Quote' });
  const accountName = account.kind === 'client' ? account.client.name : account.prospect.companyName;
  const source = account.kind === 'client' ? account.client : account.prospect;
  const accountAddress = [source.street, [source.postalCode, source.city].filter(Boolean).join(' ')].filter(Boolean).map((part) => escapeHtml(part!)).join('<br>');
  const identity = [firm!.legalForm, firm!.siren ? `SIREN ${firm!.siren}` : null, firm!.rcs, firm!.vatNumber ? `TVA ${firm!.vatNumber}` : null, firm!.orderRegistration].filter(Boolean).map((part) => escapeHtml(part!)).join(' — ');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Devis ${escapeHtml(quote.number ?? 'brouillon')}</title><style>${STYLE}</style></head><body>
<header><div><strong>${escapeHtml(firm!.name)}</strong><br>${firm!.address ? escapeHtml(firm!.address) : ''}</div><div><h1>Devis ${escapeHtml(quote.number ?? '(brouillon)')}</h1>${quote.sentAt ? `Date : ${formatFrenchDate(businessDateOf(quote.sentAt))}<br>` : ''}Valable jusqu’au ${formatFrenchDate(quote.validUntil)}</div></header>
<section><strong>${escapeHtml(accountName)}</strong><br>${accountAddress}</section>
${quote.title ? `<h2>${escapeHtml(quote.title)}</h2>` : ''}
${quoteLinesHtml(quote)}
${quoteTotalsHtml(quote)}
${quote.notes ? `<section>${textToHtml(quote.notes)}</section>` : ''}
<p>Bon pour accord (date et signature) :</p><div class="agreement">${options.signatureAnchor ? `<span class="anchor">${escapeHtml(options.signatureAnchor)}</span>` : ''}</div>
<section class="mentions">${identity}${settings.legalMentions ? `<br>${textToHtml(settings.legalMentions)}` : ''}</section>
</body></html>`;
}
