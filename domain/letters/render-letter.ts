import type { LetterParagraph } from '../../db/schema/index.ts';
import type { EngagementLetterScope } from '../templates/render-engagement-letter.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { escapeHtml, textToHtml } from '../templates/text-blocks.ts';
import { PARAGRAPH_HEADINGS } from './letter-model-kinds.ts';
import { feeTableHtml, LETTER_STYLESHEET, singleLine } from '../templates/letter-html.ts';

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


async function renderParagraphs(sources: LetterSources, scope: LetterScope): Promise<Record<LetterParagraph, string>> {
  const out = {} as Record<LetterParagraph, string>;
  for (const [paragraph, source] of Object.entries(sources) as [LetterParagraph, string][]) {
    // The kind only decides single-line collapsing; letter kinds have no required link.
    const kind = paragraph === 'title' || paragraph === 'subtitle' ? 'letter.title' : 'letter.object';
    out[paragraph] = source.trim() === '' ? '' : await renderTemplate(kind, source, scope);
  }
  return out;
}

function feeSection(mission: LetterScope['mission']): string {
  return mission.services.length === 0 ? '' : `<h2>Honoraires</h2>
${feeTableHtml(mission)}`;
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
  const fees = input.signable ? feeSection(mission) : '';
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
<title>${singleLine(texts.title)} — ${escapeHtml(client.name)}</title>
<style>${input.fontFaceCss ?? ''}${LETTER_STYLESHEET}</style>
</head>
<body>
<div class="letterhead">
  <div class="firm"><strong>${escapeHtml(firm.name)}</strong><br>${escapeHtml(firm.address)}<br><span class="muted">${escapeHtml(firm.phone)} — ${escapeHtml(firm.email)}</span></div>
  <div class="recipient"><strong>${escapeHtml(client.name)}</strong><br>À l’attention de ${escapeHtml(contact.civility)} ${escapeHtml(contact.full_name)}<br>${escapeHtml(client.address)}</div>
</div>
<h1>${singleLine(texts.title)}</h1>
${texts.subtitle !== '' ? `<p class="subtitle">${singleLine(texts.subtitle)}</p>` : ''}
${mission.reference !== '' ? `<p class="muted">Référence : ${escapeHtml(mission.reference)}</p>` : ''}
${parts.filter((part) => part !== '').join('\n')}
</body>
</html>
`;
  return {
    title: singleLine(texts.title),
    paragraphs: texts,
    html,
    headerHtml: `<span>${singleLine(texts.title)} — ${escapeHtml(client.name)}</span>`,
    footerHtml: `<span>${escapeHtml(firm.name)} — ${escapeHtml(firm.rcs)} — TVA ${escapeHtml(firm.vat_number)}</span><span>Page <span class="pageNumber"></span> / <span class="totalPages"></span></span>`,
  };
}
