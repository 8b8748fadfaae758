import { loadDocumentFontCss } from '../../adapters/pdf/document-fonts.ts';
import type { PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import { AppError } from '../errors.ts';
import type { LetterData } from './build-letter-scope.ts';
import type { LetterSources } from './render-letter.ts';
import { renderLetter } from './render-letter.ts';
import { renderLetterDocx } from './render-letter-docx.ts';

export const letterFormats = ['html', 'pdf', 'docx'] as const;
export type LetterFormat = (typeof letterFormats)[number];

/** A printed letter: its bytes, media type and a French file name. */
export interface PrintedLetter {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  readonly fileName: string;
  readonly title: string;
}

const MEDIA_TYPES: Record<LetterFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The document font, read from disk once per process. */
let fontCss: Promise<string> | undefined;
export const documentFontCss = (): Promise<string> => (fontCss ??= loadDocumentFontCss().then((fonts) => fonts.css));

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/**
 * Prints a letter model with a mission's or a prospect file's data, as HTML (preview), PDF (the
 * document the client receives) or an editable .docx. Writes nothing: callers that keep the result
 * (validation) store it themselves.
 */
export async function printLetter(
  data: LetterData,
  model: { sources: LetterSources; signable: boolean },
  format: LetterFormat,
  renderer: PdfRenderer | undefined,
): Promise<PrintedLetter> {
  if (format === 'pdf' && !renderer) throw new AppError('unavailable', 'Le rendu PDF n’est pas configuré sur ce serveur');
  const letter = await renderLetter({
    sources: model.sources,
    scope: data.scope,
    signable: model.signable,
    customFields: data.customFields,
    fontFaceCss: format === 'pdf' ? await documentFontCss() : undefined,
  });
  const base = `${slug(letter.title)}-${slug(data.scope.client.name)}`;
  const fileName = `${base}.${format}`;
  if (format === 'html') return { bytes: new TextEncoder().encode(letter.html), mediaType: MEDIA_TYPES.html, fileName, title: letter.title };
  if (format === 'docx') {
    return { bytes: await renderLetterDocx(letter, data.scope, { signable: model.signable, customFields: data.customFields }), mediaType: MEDIA_TYPES.docx, fileName, title: letter.title };
  }
  const bytes = await renderer!.render(letter.html, { headerHtml: letter.headerHtml, footerHtml: letter.footerHtml });
  return { bytes, mediaType: MEDIA_TYPES.pdf, fileName, title: letter.title };
}
