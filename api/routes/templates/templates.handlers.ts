import type { RouteHandler } from '@hono/zod-openapi';
import { loadDocumentFontCss } from '../../../adapters/pdf/document-fonts.ts';
import { PdfRenderError } from '../../../adapters/pdf/pdf-render-error.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { AppError } from '../../../domain/errors.ts';
import { findFirmTemplate } from '../../../domain/firm-templates/firm-template-view.ts';
import { listFirmTemplates } from '../../../domain/firm-templates/list-firm-templates.ts';
import { buildTemplatePreview, printTemplatePreview } from '../../../domain/firm-templates/preview-firm-template.ts';
import { resetFirmTemplate } from '../../../domain/firm-templates/reset-firm-template.ts';
import { saveFirmTemplate } from '../../../domain/firm-templates/save-firm-template.ts';
import type { AppEnv } from '../../context.ts';
import { fileResponse } from '../../file-response.ts';
import type * as routes from './templates.routes.ts';

/** The document font, read from disk once per process on the first PDF preview. */
let fontFaceCss: Promise<string> | undefined;
const documentFontCss = () => (fontFaceCss ??= loadDocumentFontCss().then((fonts) => fonts.css));

/** Previews are served from the API's origin: forbid anything active in them. */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

export const list: RouteHandler<typeof routes.listTemplates, AppEnv> = async (c) => {
  const items = await listFirmTemplates(c.get('deps').database.db, c.get('caller').organisationId);
  return c.json({ items }, 200);
};

export const get: RouteHandler<typeof routes.getTemplate, AppEnv> = async (c) => {
  const template = await findFirmTemplate(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').kind);
  return c.json(template, 200);
};

export const save: RouteHandler<typeof routes.saveTemplate, AppEnv> = async (c) => {
  const template = await saveFirmTemplate(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').kind, c.req.valid('json').body);
  return c.json(template, 200);
};

export const reset: RouteHandler<typeof routes.resetTemplate, AppEnv> = async (c) => {
  const template = await resetFirmTemplate(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').kind);
  return c.json(template, 200);
};

export const preview: RouteHandler<typeof routes.previewTemplate, AppEnv> = async (c) => {
  const { kind } = c.req.valid('param');
  const { format } = c.req.valid('query');
  const draft = (c.req.valid('json') as { body?: string } | undefined)?.body;
  const deps = c.get('deps');
  const renderer = deps.pdfRenderer;
  if (format === 'pdf' && !renderer) throw new AppError('unavailable', 'Le rendu PDF n’est pas configuré sur ce serveur');
  const document = await buildTemplatePreview(deps.database.db, c.get('caller').organisationId, kind, {
    draft,
    fontFaceCss: format === 'pdf' ? await documentFontCss() : undefined,
  });
  if (format === 'html' || !renderer) {
    return c.body(document.html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PREVIEW_CSP }) as never;
  }
  let pdf: Uint8Array;
  try {
    pdf = await printTemplatePreview(renderer, document);
  } catch (error) {
    if (!(error instanceof PdfRenderError)) throw error;
    deps.logger.error({ err: error }, 'template preview: PDF rendering failed');
    throw new AppError('unavailable', `Le PDF n’a pas pu être produit : ${error.message}`);
  }
  return fileResponse(c, { name: `apercu-${kind}.pdf`, mediaType: 'application/pdf', size: pdf.byteLength, disposition: 'inline' }, pdf) as never;
};
