import { createRoute, z } from '@hono/zod-openapi';
import { idParams, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

/** Client-facing routes authenticate with a contact's portal token, not a staff token. */
const security = [{ portalToken: [] }];
const tags = ['Client portal'];

/** `?token=` is accepted instead of the Authorization header (links in emails, plain `<a download>`). */
const tokenQuery = z.object({ token: z.string().optional().openapi({ description: 'The portal token, when not sent as a bearer token' }) });

const portalProblems = {
  401: { ...problemResponses[401], description: 'Missing, unknown or replaced portal token' },
  404: { ...problemResponses[404], description: 'Not found, not the client’s, or in a folder that is not shared' },
} as const;

export const portalDocumentSchema = z
  .object({
    id: z.uuid(),
    folderId: z.uuid(),
    name: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .openapi('PortalDocument');

export const portalFolderSchema = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    name: z.string(),
    updatedAt: z.iso.datetime(),
    documents: z.array(portalDocumentSchema),
  })
  .openapi('PortalDocumentFolder');

export const listPortalDocuments = createRoute({
  method: 'get',
  path: '/portal/documents',
  tags,
  security,
  summary: 'The folders the firm shares with the client, with their documents',
  description: 'Only folders that are shared and sit under shared folders are listed; each lists the latest version of its documents.',
  request: { query: tokenQuery },
  responses: {
    200: jsonResponse(z.object({ folders: z.array(portalFolderSchema) }).openapi('PortalDocumentTree'), 'The shared folders, flat; each names its parent'),
    401: portalProblems[401],
  },
});

export const downloadPortalDocument = createRoute({
  method: 'get',
  path: '/portal/documents/{id}/content',
  tags,
  security,
  summary: 'Download a document of a shared folder',
  request: { params: idParams, query: tokenQuery },
  responses: {
    200: { description: 'The bytes, with the stored media type and an RFC 6266 Content-Disposition', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    400: problemResponses[400],
    ...portalProblems,
  },
});
