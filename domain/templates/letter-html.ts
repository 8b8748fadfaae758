import type { EngagementLetterScope } from './render-engagement-letter.ts';
import { escapeHtml } from './text-blocks.ts';

/**
 * The HTML pieces every engagement letter shares: the letter of a mission
 * (domain/letters/render-letter.ts) and the firm's letter template previewed in the settings
 * (render-engagement-letter.ts).
 */

/** The letter's stylesheet; signature blocks leave room for the provider's fields (smart anchors, in `.anchor`). */
export const LETTER_STYLESHEET = `
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { margin: 0; font-family: "Document Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1d1d1f; }
  .letterhead { display: flex; justify-content: space-between; gap: 24pt; margin-bottom: 22pt; }
  .letterhead .firm strong { font-size: 13pt; color: #1f3a5f; }
  .letterhead .recipient { margin-top: 36pt; min-width: 190pt; }
  .muted { color: #55595f; font-size: 9pt; }
  h1 { font-size: 20pt; color: #1f3a5f; margin: 0 0 2pt; }
  .subtitle { font-size: 12pt; margin: 0 0 4pt; }
  h2 { font-size: 12pt; color: #1f3a5f; border-bottom: 1px solid #c9d3df; padding-bottom: 2pt; margin: 16pt 0 6pt; break-after: avoid; }
  p { margin: 0 0 6pt; text-align: justify; }
  ul { margin: 0 0 6pt; padding-left: 16pt; }
  table.fees { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 10pt; }
  table.fees th { background: #eef2f7; text-align: left; font-weight: bold; }
  table.fees th, table.fees td { border-bottom: 1px solid #c9d3df; padding: 4pt 6pt; }
  table.fees .amount { text-align: right; white-space: nowrap; }
  table.fees tfoot td { font-weight: bold; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  table.custom td { padding: 2pt 8pt 2pt 0; vertical-align: top; }
  .signatures { display: flex; justify-content: space-between; gap: 24pt; margin-top: 24pt; break-inside: avoid; }
  .signatures > div { flex: 1; border: 1px solid #c9d3df; padding: 8pt; min-height: 110pt; }
  .anchor { color: #ffffff; font-size: 1pt; }
`;

/** Text on one line (a title, a name), HTML-escaped. */
export function singleLine(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' ').trim());
}

/** The fee table: one row per service, then the annual totals. */
export function feeTableHtml(mission: EngagementLetterScope['mission']): string {
  const rows = mission.services
    .map(
      (service) =>
        `<tr><td>${escapeHtml(service.label)}</td><td>${escapeHtml(service.frequency)}</td>` +
        `<td class="amount">${escapeHtml(service.fees)}</td><td class="amount">${escapeHtml(service.annual)}</td></tr>`,
    )
    .join('\n');
  return `<table class="fees">
<thead><tr><th>Prestation</th><th>Fréquence</th><th class="amount">Honoraires HT</th><th class="amount">Montant annuel HT</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
<tr><td colspan="3">Total annuel HT</td><td class="amount">${escapeHtml(mission.annual_fees)}</td></tr>
<tr><td colspan="3">TVA (20 %)</td><td class="amount">${escapeHtml(mission.annual_vat)}</td></tr>
<tr><td colspan="3">Total annuel TTC</td><td class="amount">${escapeHtml(mission.annual_fees_incl_tax)}</td></tr>
</tfoot>
</table>`;
}
