import { createElement } from 'react';
import type { PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import type { Db } from '../../db/client.ts';
import { renderEmail } from '../../emails/render-email.ts';
import TemplatedMessage from '../../emails/templated-message.tsx';
import { AppError } from '../errors.ts';
import { renderEngagementLetter, type EngagementLetterScope } from '../templates/render-engagement-letter.ts';
import { renderTemplatePreview } from '../templates/render-template.ts';
import { LETTER_PARAGRAPH_KINDS, sampleScope, templateKind, type TemplateKind } from '../templates/template-kinds.ts';
import { assertFirmTemplateValid } from './assert-firm-template-valid.ts';
import { emailPreviewHtml } from './email-preview-html.ts';
import { loadTemplateSources } from './load-template-sources.ts';

/** A preview ready to show (HTML) or to print (PDF, with the letter's running header and footer). */
export interface TemplatePreviewDocument {
  readonly html: string;
  readonly headerHtml?: string;
  readonly footerHtml?: string;
}

export interface TemplatePreviewOptions {
  /** A text being edited, previewed instead of the saved one; it is validated, never saved. */
  readonly draft?: string | undefined;
  /** `@font-face` CSS of the document font (adapters/pdf/document-fonts.ts), for PDFs. */
  readonly fontFaceCss?: string | undefined;
}

// Where and by whom the sample letter is signed (as in sample-engagement-letter.ts).
const SAMPLE_SIGNATURE = { place: 'Lyon', date: '2 décembre 2024', signatory: 'François Lefèvre', signatoryTitle: 'expert-comptable associé' };

function emailKindsOf(kind: TemplateKind): { subject: TemplateKind; body: TemplateKind } {
  const base = kind.replace(/\.(subject|body)$/, '');
  return { subject: `${base}.subject` as TemplateKind, body: `${base}.body` as TemplateKind };
}

async function renderOrRefuse(kind: TemplateKind, source: string): Promise<string> {
  const outcome = await renderTemplatePreview(kind, source);
  if (outcome.ok) return outcome.text;
  // A saved text was validated; this only happens if the kind's declaration changed since.
  throw new AppError('precondition_failed', `Le modèle ${kind} enregistré ne peut plus être rendu ; corrigez-le`, { kind, problems: outcome.problems });
}

/**
 * Renders a template kind of the organisation with the kind's French sample data, as the reader
 * will see it: a letter paragraph inside the whole engagement letter (the organisation's other
 * paragraphs included), an email subject or body inside the whole message as the product sends it
 * (`emails/templated-message.tsx`), under its envelope. A draft replaces the
 * saved text of that kind and is validated first (400 listing its problems).
 */
export async function buildTemplatePreview(db: Db, organisationId: string, kind: TemplateKind, options: TemplatePreviewOptions = {}): Promise<TemplatePreviewDocument> {
  if (options.draft !== undefined) await assertFirmTemplateValid(kind, options.draft);
  if (templateKind(kind).channel === 'letter') {
    const paragraphs = await loadTemplateSources(db, organisationId, LETTER_PARAGRAPH_KINDS);
    if (options.draft !== undefined) paragraphs[kind as keyof typeof paragraphs] = options.draft;
    // The letter kinds declare exactly the fields of EngagementLetterScope (a domain test checks it).
    const scope = sampleScope(kind) as unknown as EngagementLetterScope;
    return renderEngagementLetter({ scope, paragraphs, signature: SAMPLE_SIGNATURE, fontFaceCss: options.fontFaceCss });
  }
  const pair = emailKindsOf(kind);
  const sources = await loadTemplateSources(db, organisationId, [pair.subject, pair.body]);
  if (options.draft !== undefined) sources[kind as keyof typeof sources] = options.draft;
  const [subject, body] = await Promise.all([renderOrRefuse(pair.subject, sources[pair.subject]), renderOrRefuse(pair.body, sources[pair.body])]);
  const { firm, contact } = sampleScope(pair.body) as unknown as {
    firm: { name: string; address: string; phone: string; email: string };
    contact: { full_name: string };
  };
  const email = await renderEmail(createElement(TemplatedMessage, { firm, body }));
  return { html: emailPreviewHtml({ from: `${firm.name} <${firm.email}>`, to: contact.full_name, subject, bodyHtml: email.html }) };
}

/** Prints a preview through the PDF port (A4, with the letter's header and footer when it has them). */
export function printTemplatePreview(renderer: PdfRenderer, preview: TemplatePreviewDocument): Promise<Uint8Array> {
  return renderer.render(preview.html, {
    ...(preview.headerHtml !== undefined ? { headerHtml: preview.headerHtml } : {}),
    ...(preview.footerHtml !== undefined ? { footerHtml: preview.footerHtml } : {}),
  });
}
