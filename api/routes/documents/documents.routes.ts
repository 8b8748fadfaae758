import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import type { Context } from 'hono';
import { documentFolders, documents } from '../../../db/schema/index.ts';
import { folderInputSchema, folderPatchSchema, itemNameSchema } from '../../../domain/documents/folder-input.ts';
import { MAX_DOCUMENT_BYTES } from '../../../domain/documents/upload-document.ts';
import { problem } from '../../problem.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

const tags = ['Documents'];

export const folderSchema = createSelectSchema(documentFolders, { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() })
  .extend({ visibleToClient: z.boolean().openapi({ description: 'Shared, and every folder above it shared: the client sees it' }) })
  .openapi('DocumentFolder');

export const documentSchema = createSelectSchema(documents, { createdAt: z.iso.datetime() })
  .omit({ storageKey: true })
  .extend({ versionCount: z.number().int() })
  .openapi('Document');

export const folderContentsSchema = z
  .object({ folder: folderSchema, folders: z.array(folderSchema), documents: z.array(documentSchema) })
  .openapi('DocumentFolderContents');

const clientParams = z.object({ clientId: z.uuid().openapi({ param: { name: 'clientId', in: 'path' } }) });
const folderParams = clientParams.extend({ folderId: z.uuid().openapi({ param: { name: 'folderId', in: 'path' } }) });

/** The 413 problem of a file over the limit (the body limit middleware cuts the stream at the same size). */
export function fileTooLarge(c: Context): Response {
  return problem(c, 413, `Le fichier dépasse la taille maximale de ${MAX_DOCUMENT_BYTES / 1024 / 1024} Mo`, {
    code: 'payload_too_large',
    errors: [{ field: 'file', location: 'body', message: `ne peut pas dépasser ${MAX_DOCUMENT_BYTES / 1024 / 1024} Mo` }],
  });
}

const problemContent = { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } };

const uploadSchema = z
  .object({
    file: z
      .instanceof(File, { message: 'un fichier est requis (champ multipart « file »)' })
      .openapi({ type: 'string', format: 'binary', description: `The file, at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB` }),
    name: itemNameSchema.optional().openapi({ description: 'The document’s name in the folder; the file’s name by default' }),
  })
  .superRefine((input, context) => {
    if (input.name !== undefined || !(input.file instanceof File)) return;
    const fromFile = itemNameSchema.safeParse(input.file.name);
    if (!fromFile.success) context.addIssue({ code: 'custom', path: ['file'], message: `nom de fichier invalide : ${fromFile.error.issues[0]?.message ?? ''}` });
  })
  .openapi('DocumentUpload');

export const listFolders = createRoute({
  method: 'get',
  path: '/clients/{clientId}/folders',
  tags,
  summary: 'List the folder tree of a client’s document store',
  request: { params: clientParams },
  responses: {
    200: jsonResponse(z.object({ items: z.array(folderSchema) }).openapi('DocumentFolderList'), 'Every folder of the client, flat; each names its parent'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
  },
});

export const createFolder = createRoute({
  method: 'post',
  path: '/clients/{clientId}/folders',
  tags,
  summary: 'Create a folder, at the top level or inside another folder of the client',
  request: { params: clientParams, headers: idempotencyHeader, body: jsonBody(folderInputSchema.openapi('DocumentFolderInput')) },
  responses: {
    201: jsonResponse(folderSchema, 'The created folder'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const getFolder = createRoute({
  method: 'get',
  path: '/clients/{clientId}/folders/{folderId}',
  tags,
  summary: 'Open a folder: its subfolders and the latest version of each document',
  request: { params: folderParams },
  responses: { 200: jsonResponse(folderContentsSchema, 'The folder’s contents'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const updateFolder = createRoute({
  method: 'patch',
  path: '/clients/{clientId}/folders/{folderId}',
  tags,
  summary: 'Rename a folder, or share it with the client or stop sharing it',
  request: { params: folderParams, body: jsonBody(folderPatchSchema.openapi('DocumentFolderPatch')) },
  responses: {
    200: jsonResponse(folderSchema, 'The changed folder'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
  },
});

export const deleteFolder = createRoute({
  method: 'delete',
  path: '/clients/{clientId}/folders/{folderId}',
  tags,
  summary: 'Delete an empty folder',
  request: { params: folderParams },
  responses: { 204: { description: 'Deleted' }, 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const uploadDocument = createRoute({
  method: 'post',
  path: '/clients/{clientId}/folders/{folderId}/documents',
  tags,
  summary: 'Upload a file into a folder; the same name again adds a version',
  request: {
    params: folderParams,
    headers: idempotencyHeader,
    body: { required: true, content: { 'multipart/form-data': { schema: uploadSchema } } },
  },
  responses: {
    201: jsonResponse(documentSchema, 'The stored document version'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    413: { description: 'The file is larger than the limit', content: problemContent },
    422: problemResponses[422],
  },
});

export const getDocument = createRoute({
  method: 'get',
  path: '/documents/{id}',
  tags,
  summary: 'Read a document version’s metadata',
  request: { params: idParams },
  responses: { 200: jsonResponse(documentSchema, 'The document version'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const listDocumentVersions = createRoute({
  method: 'get',
  path: '/documents/{id}/versions',
  tags,
  summary: 'List every version of a document, newest first',
  request: { params: idParams },
  responses: {
    200: jsonResponse(z.object({ items: z.array(documentSchema) }).openapi('DocumentVersionList'), 'The versions'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
  },
});

export const downloadDocument = createRoute({
  method: 'get',
  path: '/documents/{id}/content',
  tags,
  summary: 'Download a document version’s bytes',
  request: { params: idParams },
  responses: {
    200: { description: 'The bytes, with the stored media type and an RFC 6266 Content-Disposition', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
  },
});

export const moveDocument = createRoute({
  method: 'post',
  path: '/documents/{id}/move',
  tags,
  summary: 'Move a document, with all its versions, to another folder of the same client',
  request: {
    params: idParams,
    headers: idempotencyHeader,
    body: jsonBody(z.object({ folderId: z.uuid() }).openapi('DocumentMove')),
  },
  responses: {
    200: jsonResponse(documentSchema, 'The moved document'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const deleteDocument = createRoute({
  method: 'delete',
  path: '/documents/{id}',
  tags,
  summary: 'Delete a document with all its versions',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});
