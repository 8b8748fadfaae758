import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { renderTemplate } from './render-template.ts';
import { LETTER_PARAGRAPH_KINDS, type LetterParagraphKind } from './template-kinds.ts';
import { escapeHtml, textToHtml } from './text-blocks.ts';

/** One service line of the mission, amounts already formatted in French (`1 250,00 €`). */
export type LetterService = { label: string; frequency: string; fees: string; annual: string };

/** The data an engagement letter is rendered with: the scope of the `letter.*` template kinds. */
export type EngagementLetterScope = {
  firm: {
    name: string;
    legal_form: string;
    address: string;
    rcs: string;
    order_registration: string;
    vat_number: string;
    phone: string;
    email: string;
  };
  client: { name: string; address: string; siren: string; typology: string };
  contact: { civility: string; first_name: string; last_name: string; full_name: string };
  mission: {
    reference: string;
    start_date: string;
    first_closing_date: string;
    interview_date: string;
    annual_fees: string;
    annual_vat: string;
    annual_fees_incl_tax: string;
    services: LetterService[];
  };
};

/** What goes into one engagement letter. */
export interface EngagementLetterInput {
  readonly scope: EngagementLetterScope;
  /** The organisation's saved paragraph sources; a kind it has not customised uses the default. */
  readonly paragraphs?: Partial<Record<LetterParagraphKind, string>>;
  /** Where and when the firm signs, and the natural person who co-signs for a company firm. */
  readonly signature: { readonly place: string; readonly date: string; readonly signatory: string; readonly signatoryTitle: string };
  /**
   * `@font-face` rules declaring the family "Document Sans" (see adapters/pdf/document-fonts.ts).
   * Without them the letter falls back to Liberation Sans / Arial from the host.
   */
  readonly fontFaceCss?: string;
}

/** A self-contained HTML letter plus the header and footer snippets the PDF renderer repeats on each page. */
export interface EngagementLetterDocument {
  readonly html: string;
  /** Inner HTML; `<span class="pageNumber"></span>` and `totalPages` are filled in by Chromium. */
  readonly headerHtml: string;
  readonly footerHtml: string;
}

const STYLE = `
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
  .signatures { display: flex; justify-content: space-between; gap: 24pt; margin-top: 24pt; break-inside: avoid; }
  .signatures > div { flex: 1; border: 1px solid #c9d3df; padding: 8pt; min-height: 90pt; }
`;

function singleLine(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' ').trim());
}

function feeTable(mission: EngagementLetterScope['mission']): string {
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

/**
 * Renders an engagement letter: each paragraph from the organisation's template (or the
 * default), then the fixed parts no firm may remove — the parties, the fee table, the firm's
 * identity and the two signature blocks. Paragraph texts are escaped (`textToHtml`), so the
 * result is safe to hand to a PDF renderer and has no external resource: given the same input,
 * Gotenberg and the local Chromium print the same document.
 */
export async function renderEngagementLetter(input: EngagementLetterInput): Promise<EngagementLetterDocument> {
  const { scope, signature } = input;
  const texts = {} as Record<LetterParagraphKind, string>;
  for (const kind of LETTER_PARAGRAPH_KINDS) {
    texts[kind] = await renderTemplate(kind, input.paragraphs?.[kind] ?? DEFAULT_TEMPLATES[kind], scope);
  }
  const { firm, client, contact, mission } = scope;
  const html = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${singleLine(texts['letter.title'])} ${escapeHtml(mission.reference)}</title>
<style>${input.fontFaceCss ?? ''}${STYLE}</style>
</head>
<body>
<div class="letterhead">
  <div class="firm">
    <strong>${escapeHtml(firm.name)}</strong><br>
    ${escapeHtml(firm.address)}<br>
    <span class="muted">${escapeHtml(firm.phone)} — ${escapeHtml(firm.email)}</span>
  </div>
  <div class="recipient">
    <strong>${escapeHtml(client.name)}</strong><br>
    À l’attention de ${escapeHtml(contact.civility)} ${escapeHtml(contact.full_name)}<br>
    ${escapeHtml(client.address)}<br>
    <span class="muted">SIREN ${escapeHtml(client.siren)}</span>
  </div>
</div>
<h1>${singleLine(texts['letter.title'])}</h1>
<p class="subtitle">${singleLine(texts['letter.subtitle'])}</p>
<p class="muted">Référence : ${escapeHtml(mission.reference)}</p>
<h2>Objet</h2>
${textToHtml(texts['letter.object'])}
<h2>Objectifs</h2>
${textToHtml(texts['letter.objectives'])}
<h2>Nature de la mission</h2>
${textToHtml(texts['letter.nature'])}
<h2>Type de besoins</h2>
${textToHtml(texts['letter.needs'])}
<h2>Honoraires</h2>
${feeTable(mission)}
<h2>Mentions légales</h2>
${textToHtml(texts['letter.legal-mentions'])}
<p>Fait à ${escapeHtml(signature.place)}, le ${escapeHtml(signature.date)}, en deux exemplaires.</p>
<div class="signatures">
  <div>Pour ${escapeHtml(firm.name)}<br>${escapeHtml(signature.signatory)}, ${escapeHtml(signature.signatoryTitle)}</div>
  <div>Pour ${escapeHtml(client.name)}<br>${escapeHtml(contact.full_name)}<br><span class="muted">Mention « Bon pour accord », date et signature</span></div>
</div>
</body>
</html>
`;
  return {
    html,
    headerHtml: `<span>${singleLine(texts['letter.title'])} ${escapeHtml(mission.reference)} — ${escapeHtml(client.name)}</span>`,
    footerHtml:
      `<span>${escapeHtml(firm.name)} — ${escapeHtml(firm.rcs)} — TVA ${escapeHtml(firm.vat_number)}</span>` +
      '<span>Page <span class="pageNumber"></span> / <span class="totalPages"></span></span>',
  };
}
