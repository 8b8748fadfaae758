import type { RouteHandler } from '@hono/zod-openapi';
import { findPortalDocumentRow } from '../../../domain/documents/find-portal-document.ts';
import { listPortalDocuments } from '../../../domain/documents/list-portal-documents.ts';
import { openDocument } from '../../../domain/documents/open-document.ts';
import type { AppEnv } from '../../context.ts';
import { fileResponse } from '../../file-response.ts';
import { documentStorageOf } from '../documents/documents.handlers.ts';
import type * as routes from './portal-documents.routes.ts';

export const list: RouteHandler<typeof routes.listPortalDocuments, AppEnv> = async (c) => {
  const folders = await listPortalDocuments(c.get('deps').database.db, c.get('portalCaller'));
  return c.json({ folders }, 200);
};

export const download: RouteHandler<typeof routes.downloadPortalDocument, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const row = await findPortalDocumentRow(deps.database.db, c.get('portalCaller'), c.req.valid('param').id);
  const opened = await openDocument(documentStorageOf(deps), row);
  return fileResponse(c, { ...opened.document, size: opened.size }, opened.stream) as never;
};
