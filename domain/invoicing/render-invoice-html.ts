import { escapeHtml, textToHtml } from '../templates/text-blocks.ts';
import type { InvoiceRow } from './invoice-view.ts';
import type { InvoiceSnapshot } from './issue-invoice.ts';
import { formatEuros, formatFrenchDate } from './render-invoice-text.ts';

const titles = { invoice: 'Facture', final: 'Facture', down_payment: 'Facture d’acompte', credit_note: 'Avoir' } as const;
const natures = { goods: 'Livraison de biens', services: 'Prestation de services', mixed: 'Livraison de biens et prestation de services' } as const;
const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
const rate = (value: number) => `${number.format(value)} %`;

function address(value: { line1: string; line2?: string | undefined; postalCode: string; city: string; country: string }): string {
  return [value.line1, value.line2, `${value.postalCode} ${value.city}`, value.country === 'FR' ? undefined : value.country].filter(Boolean).map((part) => escapeHtml(part!)).join('<br>');
}

const STYLE = `
  body { margin: 0; font-family: "Document Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #1d1d1f; }
  header { display: flex; justify-content: space-between; gap: 24pt; margin-bottom: 18pt; }
  h1 { font-size: 16pt; margin: 0 0 4pt; }
  .parties { display: flex; justify-content: space-between; gap: 24pt; margin-bottom: 14pt; }
  .party { width: 48%; }
  .party h2 { font-size: 9pt; text-transform: uppercase; color: #555; margin: 0 0 3pt; }
  table { width: 100%; border-collapse: collapse; margin: 8pt 0; }
  th, td { border-bottom: 0.5pt solid #bbb; padding: 3pt 4pt; text-align: right; vertical-align: top; }
  th:first-child, td:first-child { text-align: left; }
  .totals { width: 50%; margin-left: auto; }
  .mentions { font-size: 8pt; color: #333; margin-top: 14pt; }
`;

/**
 * The printed invoice (HTML for the PDF port): every mandatory mention (C. com. L441-9, CGI
 * 242 nonies A) from the frozen snapshot, in a fixed layout, with the firm's own header and
 * footer paragraphs (already rendered from its Liquid model) where it chose to write some.
 */
export function renderInvoiceHtml(invoice: InvoiceRow, texts: { header: string | null; footer: string | null }, fontFaceCss = ''): string {
  const snapshot = invoice.snapshot as unknown as InvoiceSnapshot;
  const { seller, buyer } = snapshot;
  const lines = invoice.lines
    .map(
      (line) => `<tr><td>${escapeHtml(line.label)}${line.description ? `<br><small>${escapeHtml(line.description)}</small>` : ''}</td>
        <td>${number.format(line.quantity)}</td><td>${formatEuros(line.unitPriceCents)}</td><td>${line.discountPercent ? rate(line.discountPercent) : ''}</td>
        <td>${rate(line.vatRate)}</td><td>${formatEuros(line.netCents)}</td></tr>`,
    )
    .join('');
  const breakdown = invoice.vatBreakdown
    .map((row) => `<tr><td>TVA ${rate(row.vatRate)}</td><td>base ${formatEuros(row.baseCents)}</td><td>${formatEuros(row.vatCents)}</td></tr>`)
    .join('');
  const isCredit = invoice.kind === 'credit_note';
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${titles[invoice.kind]} ${escapeHtml(invoice.number ?? '')}</title><style>${fontFaceCss}${STYLE}</style></head><body>
<header><div><strong>${escapeHtml(seller.name)}</strong>${seller.legalForm ? `, ${escapeHtml(seller.legalForm)}` : ''}<br>${address(seller.address)}<br>
SIREN ${escapeHtml(seller.siren)}${seller.rcs ? ` — ${escapeHtml(seller.rcs)}` : ''}<br>TVA intracommunautaire ${escapeHtml(seller.vatNumber)}${seller.email ? `<br>${escapeHtml(seller.email)}` : ''}</div>
<div><h1>${titles[invoice.kind]} n° ${escapeHtml(invoice.number ?? '')}</h1>Date d’émission : ${formatFrenchDate(invoice.issueDate!)}<br>
${isCredit ? '' : `Date d’échéance : ${formatFrenchDate(invoice.dueDate!)}<br>`}${snapshot.salesOrderNumber ? `Commande : ${escapeHtml(snapshot.salesOrderNumber)}<br>` : ''}
${snapshot.creditedInvoice ? `Avoir sur la facture ${escapeHtml(snapshot.creditedInvoice.number)} du ${formatFrenchDate(snapshot.creditedInvoice.issueDate)}<br>` : ''}</div></header>
${texts.header ? `<section>${textToHtml(texts.header)}</section>` : ''}
<div class="parties"><div class="party"><h2>Client</h2><strong>${escapeHtml(buyer.name)}</strong><br>${address(buyer.address)}
${buyer.siren ? `<br>SIREN ${escapeHtml(buyer.siren)}` : ''}${buyer.vatNumber ? `<br>TVA intracommunautaire ${escapeHtml(buyer.vatNumber)}` : ''}</div>
${invoice.deliveryAddress ? `<div class="party"><h2>Adresse de livraison</h2>${address(invoice.deliveryAddress)}</div>` : ''}</div>
<p>Nature de l’opération : ${natures[snapshot.operationNature]}. Date de la ${snapshot.operationNature === 'goods' ? 'vente' : 'prestation'} : ${formatFrenchDate(invoice.issueDate!)}.</p>
<table><thead><tr><th>Désignation</th><th>Quantité</th><th>Prix unitaire HT</th><th>Remise</th><th>TVA</th><th>Total HT</th></tr></thead><tbody>${lines}</tbody></table>
<table class="totals"><tbody><tr><td>Total HT</td><td></td><td>${formatEuros(invoice.totalExclTaxCents)}</td></tr>${breakdown}
<tr><td><strong>Total TTC</strong></td><td></td><td><strong>${formatEuros(invoice.totalInclTaxCents)}</strong></td></tr></tbody></table>
<div class="mentions">
${isCredit ? '' : `<p>Paiement à ${snapshot.paymentTermsDays} jours, au plus tard le ${formatFrenchDate(invoice.dueDate!)}${seller.iban ? `, par virement sur l’IBAN ${escapeHtml(seller.iban)}` : ''}. Pas d’escompte pour paiement anticipé.</p>
<p>En cas de retard de paiement, des pénalités au taux annuel de ${number.format(Number(snapshot.latePenaltyRatePercent))} % sont exigibles dès le lendemain de la date d’échéance, ainsi qu’une indemnité forfaitaire pour frais de recouvrement de ${formatEuros(snapshot.recoveryIndemnityCents)} (articles L441-10 et D441-5 du code de commerce).</p>`}
${snapshot.vatOnDebits ? '<p>Option pour le paiement de la TVA d’après les débits.</p>' : ''}
${invoice.notes ? `<p>${escapeHtml(invoice.notes)}</p>` : ''}
${texts.footer ? textToHtml(texts.footer) : ''}
</div></body></html>`;
}
