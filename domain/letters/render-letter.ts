import type { LetterParagraph } from '../../db/schema/index.ts';
import type { EngagementLetterScope } from '../templates/render-engagement-letter.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { escapeHtml, textToHtml } from '../templates/text-blocks.ts';
import { PARAGRAPH_HEADINGS } from './letter-model-kinds.ts';

/**
 * The data every letter model is rendered with: the engagement letter's scope (firm, client,
 * contact, mission) plus the firm's legal representative, the custom fields of the mission type
 * (`{{ custom.<key> }}`, formatted in French) and today's date.
 */
export type LetterScope = EngagementLetterScope & {
  firm_representative: { full_name: string; title: string };
  custom: Record<string, string>;
  today: string;
};

/** The paragraph texts of one letter, after the firm's model and the mission's own texts were merged. */
export type LetterSources = Readonly<Record<LetterParagraph, string>>;

/** What one rendered letter is made of. */
export interface RenderedLetter {
  readonly title: string;
  /** Rendered plain text of each paragraph (an empty one is left out of the letter). */
  readonly paragraphs: Readonly<Record<LetterParagraph, string>>;
  readonly html: string;
  readonly headerHtml: string;
  readonly footerHtml: string;
}

/**
 * Yousign smart anchors (`{{s1|signature|width|height}}`) the signable models carry in white 1 pt
 * text inside each signature block, so the provider places the signature fields itself: signer 1
 * is the client's representative, signer 2 the firm's (DOMAIN.md: Yousign API v3, `parse_anchors`).
 */
export const SMART_ANCHORS = { client: '{{s1|signature|180|60}}', firm: '{{s2|signature|180|60}}' } as const;

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
  table.fees th { background: #eef2f7; text-align: left; }
  table.fees th, table.fees td { border-bottom: 1px solid #c9d3df; padding: 4pt 6pt; }
  table.fees .amount { text-align: right; white-space: nowrap; }
  table.custom td { padding: 2pt 8pt 2pt 0; vertical-align: top; }
  .signatures { display: flex; justify-content: space-between; gap: 24pt; margin-top: 24pt; break-inside: avoid; }
  .signatures > div { flex: 1; border: 1px solid #c9d3df; padding: 8pt; min-height: 110pt; }
  .anchor { color: #ffffff; font-size: 1pt; }
`;

function line(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' ').trim());
}

async function renderParagraphs(sources: LetterSources, scope: LetterScope): Promise<Record<LetterParagraph, string>> {
  const out = {} as Record<LetterParagraph, string>;
  for (const [paragraph, source] of Object.entries(sources) as [LetterParagraph, string][]) {
    // The kind only decides single-line collapsing; letter kinds have no required link.
    const kind = paragraph === 'title' || paragraph === 'subtitle' ? 'letter.title' : 'letter.object';
    out[paragraph] = source.trim() === '' ? '' : await renderTemplate(kind, source, scope);
  }
  return out;
}

function feeTable(mission: LetterScope['mission']): string {
  if (mission.services.length === 0) return '';
  const rows = mission.services
    .map((s) => `<tr><td>${escapeHtml(s.label)}</td><td>${escapeHtml(s.frequency)}</td><td class="amount">${escapeHtml(s.fees)}</td><td class="amount">${escapeHtml(s.annual)}</td></tr>`)
    .join('\n');
  return `<h2>Honoraires</h2>
<table class="fees">
<thead><tr><th>Prestation</th><th>Fréquence</th><th class="amount">Honoraires HT</th><th class="amount">Montant annuel HT</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot>
<tr><td colspan="3">Total annuel HT</td><td class="amount">${escapeHtml(mission.annual_fees)}</td></tr>
<tr><td colspan="3">TVA (20 %)</td><td class="amount">${escapeHtml(mission.annual_vat)}</td></tr>
<tr><td colspan="3">Total annuel TTC</td><td class="amount">${escapeHtml(mission.annual_fees_incl_tax)}</td></tr>
</tfoot>
</table>`;
}

/** The custom fields of the letter, printed as a table of label → value (the values are also variables). */
export interface CustomFieldLine {
  readonly label: string;
  readonly value: string;
}

/**
 * Renders a letter model to self-contained HTML (with the running header and footer the PDF
 * renderer repeats): the letterhead, each non-empty paragraph under its heading, and for signable
 * models the fee table, the custom fields and the two signature blocks carrying the smart anchors.
 * Every firm text is escaped (`textToHtml`); a variable the data lacks is a 422 naming it.
 */
export async function renderLetter(input: {
  sources: LetterSources;
  scope: LetterScope;
  signable: boolean;
  customFields?: readonly CustomFieldLine[];
  fontFaceCss?: string | undefined;
}): Promise<RenderedLetter> {
  const { scope } = input;
  const texts = await renderParagraphs(input.sources, scope);
  const { firm, client, contact, mission } = scope;
  const body = (Object.keys(PARAGRAPH_HEADINGS) as (keyof typeof PARAGRAPH_HEADINGS)[])
    .filter((paragraph) => texts[paragraph] !== '')
    .map((paragraph) => `<h2>${PARAGRAPH_HEADINGS[paragraph]}</h2>\n${textToHtml(texts[paragraph])}`);
  const custom =
    input.customFields && input.customFields.length > 0
      ? `<h2>Informations complémentaires</h2>\n<table class="custom">${input.customFields.map((f) => `<tr><td>${escapeHtml(f.label)}</td><td>${escapeHtml(f.value)}</td></tr>`).join('')}</table>`
      : '';
  const fees = input.signable ? feeTable(mission) : '';
  const signatures = input.signable
    ? `<p>Fait en deux exemplaires, le ${escapeHtml(scope.today)}.</p>
<div class="signatures">
  <div>Pour ${escapeHtml(client.name)}<br>${escapeHtml(contact.full_name)}<br><span class="muted">Mention « Bon pour accord », date et signature</span><br><span class="anchor">${SMART_ANCHORS.client}</span></div>
  <div>Pour ${escapeHtml(firm.name)}<br>${escapeHtml(scope.firm_representative.full_name)}, ${escapeHtml(scope.firm_representative.title)}<br><span class="anchor">${SMART_ANCHORS.firm}</span></div>
</div>`
    : '';
  // The legal mentions (the firm's identity, décret 2012-432 art. 151) close the letter, after the fees.
  const legal = texts.legalMentions !== '' ? body.pop()! : '';
  const parts = [...body, custom, fees, legal, signatures];
  const html = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${line(texts.title)} — ${escapeHtml(client.name)}</title>
<style>${input.fontFaceCss ?? ''}${STYLE}</style>
</head>
<body>
<div class="letterhead">
  <div class="firm"><strong>${escapeHtml(firm.name)}</strong><br>${escapeHtml(firm.address)}<br><span class="muted">${escapeHtml(firm.phone)} — ${escapeHtml(firm.email)}</span></div>
  <div class="recipient"><strong>${escapeHtml(client.name)}</strong><br>À l’attention de ${escapeHtml(contact.civility)} ${escapeHtml(contact.full_name)}<br>${escapeHtml(client.address)}</div>
</div>
<h1>${line(texts.title)}</h1>
${texts.subtitle !== '' ? `<p class="subtitle">${line(texts.subtitle)}</p>` : ''}
${mission.reference !== '' ? `<p class="muted">Référence : ${escapeHtml(mission.reference)}</p>` : ''}
${parts.filter((part) => part !== '').join('\n')}
</body>
</html>
`;
  return {
    title: line(texts.title),
    paragraphs: texts,
    html,
    headerHtml: `<span>${line(texts.title)} — ${escapeHtml(client.name)}</span>`,
    footerHtml: `<span>${escapeHtml(firm.name)} — ${escapeHtml(firm.rcs)} — TVA ${escapeHtml(firm.vat_number)}</span><span>Page <span class="pageNumber"></span> / <span class="totalPages"></span></span>`,
  };
}
