import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { renderTemplate } from './render-template.ts';
import { LETTER_PARAGRAPH_KINDS, type LetterParagraphKind } from './template-kinds.ts';
import { escapeHtml, textToHtml } from './text-blocks.ts';
import { feeTableHtml, LETTER_STYLESHEET, singleLine } from './letter-html.ts';

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
<style>${input.fontFaceCss ?? ''}${LETTER_STYLESHEET}</style>
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
${feeTableHtml(mission)}
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
