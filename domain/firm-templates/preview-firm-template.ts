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
import { templateRenderPool } from './template-render-pool.ts';

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

/** What a preview renders: the kind, the sources of every kind shown with it, and the PDF font. */
export interface TemplatePreviewInput {
  readonly kind: TemplateKind;
  readonly sources: Partial<Record<TemplateKind, string>>;
  readonly fontFaceCss?: string | undefined;
}

// Where and by whom the sample letter is signed (as in sample-engagement-letter.ts).
const SAMPLE_SIGNATURE = { place: 'Lyon', date: '2 décembre 2024', signatory: 'François Lefèvre', signatoryTitle: 'expert-comptable associé' };

function emailKindsOf(kind: TemplateKind): { subject: TemplateKind; body: TemplateKind } {
  const base = kind.replace(/\.(subject|body)$/, '');
  return { subject: `${base}.subject` as TemplateKind, body: `${base}.body` as TemplateKind };
}

function sourceOf(input: TemplatePreviewInput, kind: TemplateKind): string {
  const source = input.sources[kind];
  if (source === undefined) throw new Error(`preview of ${input.kind}: no source for ${kind}`);
  return source;
}

async function renderOrRefuse(kind: TemplateKind, source: string): Promise<string> {
  const outcome = await renderTemplatePreview(kind, source);
  if (outcome.ok) return outcome.text;
  // A saved text was validated; this only happens if the kind's declaration changed since.
  throw new AppError('precondition_failed', `Le modèle ${kind} enregistré ne peut plus être rendu ; corrigez-le`, { kind, problems: outcome.problems });
}

/**
 * Renders a preview from its sources with the kind's French sample data, as the reader will see
 * it: a letter paragraph inside the whole engagement letter (the organisation's other paragraphs
 * included), an email subject or body inside the whole message as the product sends it
 * (`emails/templated-message.tsx`), under its envelope. CPU work: it runs in the template pool's
 * worker threads (`template-render-worker.ts`), never on the API's event loop.
 */
export async function renderTemplatePreviewDocument(input: TemplatePreviewInput): Promise<TemplatePreviewDocument> {
  if (templateKind(input.kind).channel === 'letter') {
    const paragraphs = Object.fromEntries(LETTER_PARAGRAPH_KINDS.map((kind) => [kind, sourceOf(input, kind)]));
    // The letter kinds declare exactly the fields of EngagementLetterScope (a domain test checks it).
    const scope = sampleScope(input.kind) as unknown as EngagementLetterScope;
    return renderEngagementLetter({ scope, paragraphs, signature: SAMPLE_SIGNATURE, fontFaceCss: input.fontFaceCss });
  }
  const pair = emailKindsOf(input.kind);
  const [subject, body] = await Promise.all([renderOrRefuse(pair.subject, sourceOf(input, pair.subject)), renderOrRefuse(pair.body, sourceOf(input, pair.body))]);
  const { firm, contact } = sampleScope(pair.body) as unknown as {
    firm: { name: string; address: string; phone: string; email: string };
    contact: { full_name: string };
  };
  const email = await renderEmail(createElement(TemplatedMessage, { firm, body }));
  return { html: emailPreviewHtml({ from: `${firm.name} <${firm.email}>`, to: contact.full_name, subject, bodyHtml: email.html }) };
}

/**
 * Builds the preview of a template kind of the organisation. A draft replaces the saved text of
 * that kind and is validated first, exactly as on save (400 listing its problems); the sources
 * are read here, the rendering runs in the template pool under the same CPU-time limit as the
 * validation.
 */
export async function buildTemplatePreview(db: Db, organisationId: string, kind: TemplateKind, options: TemplatePreviewOptions = {}): Promise<TemplatePreviewDocument> {
  if (options.draft !== undefined) await assertFirmTemplateValid(kind, options.draft);
  const kinds = templateKind(kind).channel === 'letter' ? LETTER_PARAGRAPH_KINDS : Object.values(emailKindsOf(kind));
  const sources: Partial<Record<TemplateKind, string>> = await loadTemplateSources(db, organisationId, kinds);
  if (options.draft !== undefined) sources[kind] = options.draft;
  return templateRenderPool().run({ task: 'preview', input: { kind, sources, fontFaceCss: options.fontFaceCss } });
}

/** Prints a preview through the PDF port (A4, with the letter's header and footer when it has them). */
export function printTemplatePreview(renderer: PdfRenderer, preview: TemplatePreviewDocument): Promise<Uint8Array> {
  return renderer.render(preview.html, {
    ...(preview.headerHtml !== undefined ? { headerHtml: preview.headerHtml } : {}),
    ...(preview.footerHtml !== undefined ? { footerHtml: preview.footerHtml } : {}),
  });
}
