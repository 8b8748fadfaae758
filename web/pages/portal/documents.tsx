/** @jsxImportSource hono/jsx */
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { fileHeaders } from '../../../api/file-response.ts';
import { findPortalDocumentRow } from '../../../domain/documents/find-portal-document.ts';
import { listPortalDocuments, type PortalFolder } from '../../../domain/documents/list-portal-documents.ts';
import { openDocument } from '../../../domain/documents/open-document.ts';
import { AppError } from '../../../domain/errors.ts';
import { WebError } from '../../errors.tsx';
import { fileSize, frenchDateTime } from '../../format.ts';
import { renderPage } from '../../render.ts';
import type { WebEnv } from '../../web-env.ts';
import { PortalLayout } from './portal-layout.tsx';

function FolderTree({ folders, parentId, level }: { folders: PortalFolder[]; parentId: string | null; level: number }) {
  const children = folders.filter((folder) => folder.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  if (children.length === 0) return null;
  const Heading = level === 0 ? 'h2' : 'h3';
  return (
    <ul class="cards">
      {children.map((folder) => (
        <li class="card folder">
          <Heading>{folder.name}</Heading>
          {folder.documents.length === 0 ? (
            <p class="meta">Aucun document dans ce dossier.</p>
          ) : (
            <ul class="files">
              {folder.documents.map((document) => (
                <li>
                  <a href={`/portail/documents/${document.id}`} download={document.name}>
                    Télécharger {document.name}
                  </a>{' '}
                  <span class="meta">
                    ({fileSize(document.size)}, version {document.version} du {frenchDateTime(document.createdAt)})
                  </span>
                </li>
              ))}
            </ul>
          )}
          <FolderTree folders={folders} parentId={folder.id} level={level + 1} />
        </li>
      ))}
    </ul>
  );
}

/** The documents the firm shares with the client, folder by folder (only shared folders, under shared folders). */
export async function documentsPage(c: Context<WebEnv>): Promise<Response> {
  const folders = await listPortalDocuments(c.get('deps').database.db, c.get('portal').caller);
  return renderPage(
    c,
    <PortalLayout c={c} title="Documents partagés">
      <h1>Documents partagés</h1>
      {folders.length === 0 ? <p>Votre cabinet ne partage aucun document avec vous pour l’instant.</p> : <FolderTree folders={folders} parentId={null} level={0} />}
    </PortalLayout>,
  );
}

/** Downloads a shared document's latest version (any other document: 404 page). */
export async function downloadDocument(c: Context<WebEnv>): Promise<Response> {
  const deps = c.get('deps');
  const id = c.req.param('id');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) throw new WebError(404, 'not_found');
  if (!deps.documentStorage) throw new AppError('unavailable', 'Document storage is not configured');
  const row = await findPortalDocumentRow(deps.database.db, c.get('portal').caller, id);
  const opened = await openDocument(deps.documentStorage, row);
  return c.body(Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>, 200, fileHeaders({ ...opened.document, size: opened.size }));
}
