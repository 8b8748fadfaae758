import { beforeAll, describe, expect, it } from 'vitest';
import { seedClient } from '../support/seed-clients.ts';
import type { SeededOrganisation } from '../support/seed.ts';
import { apiClient, type ApiClient } from '../support/test-app.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
import { download, uploadFile } from './support.ts';

const { database, app, acme, other, collaborator: staff } = await twoOrganisations();
let clientId: string;
let portal: ApiClient;
let portalToken: string;
let neighbourPortal: ApiClient;
let neighbourToken: string;
let strangerPortal: ApiClient;

/** The tree every test reads: what is shared, what is not, and one document in each folder. */
const tree = {} as Record<'shared' | 'sharedChild' | 'internal' | 'hiddenChild' | 'unsharedChild', { folderId: string; documentId: string }>;

async function issuePortalToken(org: SeededOrganisation, client: { id: string; contacts: Array<{ id: string }> }): Promise<string> {
  const response = await apiClient(app, org.adminToken).post(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}/portal-token`, {});
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.token;
}

async function folderWithDocument(name: string, options: { parentId?: string; sharedWithClient: boolean }, client = clientId) {
  const folder = await staff.post(`/api/v1/clients/${client}/folders`, { name, ...options });
  expect(folder.status).toBe(201);
  const document = await uploadFile(app, acme.collaboratorToken, `/api/v1/clients/${client}/folders/${folder.body.id}/documents`, {
    name: `${name}.txt`,
    type: 'text/plain',
    bytes: `contenu de ${name}`,
  });
  expect(document.status).toBe(201);
  return { folderId: folder.body.id as string, documentId: document.body.id as string };
}

beforeAll(async () => {
  const client = await seedClient(database.db, acme);
  const neighbour = await seedClient(database.db, acme, {
    name: 'Garage Dupont',
    siren: null,
    siret: null,
    contacts: [{ firstName: 'Paul', lastName: 'Dupont', email: 'paul@garage-dupont.test', isPreferred: true }],
  });
  const stranger = await seedClient(database.db, other);
  clientId = client.id;
  portalToken = await issuePortalToken(acme, client);
  neighbourToken = await issuePortalToken(acme, neighbour);
  portal = apiClient(app, portalToken);
  neighbourPortal = apiClient(app, neighbourToken);
  strangerPortal = apiClient(app, await issuePortalToken(other, stranger));

  tree.shared = await folderWithDocument('Documents partagés', { sharedWithClient: true });
  tree.sharedChild = await folderWithDocument('Bilans', { parentId: tree.shared.folderId, sharedWithClient: true });
  tree.unsharedChild = await folderWithDocument('Brouillons', { parentId: tree.shared.folderId, sharedWithClient: false });
  tree.internal = await folderWithDocument('Notes internes', { sharedWithClient: false });
  // Shared, but under a folder that is not: the client must not see it either.
  tree.hiddenChild = await folderWithDocument('Sous-dossier partagé', { parentId: tree.internal.folderId, sharedWithClient: true });
  await folderWithDocument('Dossier du garage', { sharedWithClient: true }, neighbour.id);
});

describe('the client portal’s documents', () => {
  it('lists only the folders shared with the client, under shared folders, with their documents', async () => {
    const response = await portal.get('/api/v1/portal/documents');
    expect(response.status).toBe(200);
    const folders = response.body.folders as Array<{ id: string; parentId: string | null; name: string; documents: Array<{ id: string; name: string }> }>;
    expect(folders.map((folder) => folder.name).sort()).toEqual(['Bilans', 'Documents partagés']);
    expect(folders.find((folder) => folder.id === tree.sharedChild.folderId)).toMatchObject({
      parentId: tree.shared.folderId,
      documents: [expect.objectContaining({ id: tree.sharedChild.documentId, name: 'Bilans.txt', mediaType: 'text/plain', version: 1 })],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/Notes internes|Brouillons|Sous-dossier partagé|authorUserId|storageKey/);
  });

  it('downloads a document of a shared folder, with the token as bearer or as ?token=', async () => {
    const viaHeader = await download(app, `/api/v1/portal/documents/${tree.sharedChild.documentId}/content`, { Authorization: `Bearer ${portalToken}` });
    expect(viaHeader.status).toBe(200);
    expect(new TextDecoder().decode(viaHeader.bytes)).toBe('contenu de Bilans');
    expect(viaHeader.headers.get('content-disposition')).toContain('attachment; filename="Bilans.txt"');
    const viaQuery = await download(app, `/api/v1/portal/documents/${tree.shared.documentId}/content?token=${encodeURIComponent(portalToken)}`);
    expect(viaQuery.status).toBe(200);
  });

  it('answers 404 for a document in a folder that is not shared, or under one that is not', async () => {
    for (const { documentId } of [tree.internal, tree.unsharedChild, tree.hiddenChild]) {
      const response = await portal.get(`/api/v1/portal/documents/${documentId}/content`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('stops showing a folder as soon as the firm unshares it', async () => {
    const folder = await folderWithDocument('Temporaire', { sharedWithClient: true });
    expect((await portal.get(`/api/v1/portal/documents/${folder.documentId}/content`)).status).toBe(200);
    await staff.patch(`/api/v1/clients/${clientId}/folders/${folder.folderId}`, { sharedWithClient: false });
    expect((await portal.get(`/api/v1/portal/documents/${folder.documentId}/content`)).status).toBe(404);
    expect((await portal.get('/api/v1/portal/documents')).body.folders.map((f: { id: string }) => f.id)).not.toContain(folder.folderId);
  });

  it('answers 404 to another client’s contact, in the same organisation or another', async () => {
    for (const other of [neighbourPortal, strangerPortal]) {
      const response = await other.get(`/api/v1/portal/documents/${tree.sharedChild.documentId}/content`);
      expect(response.status).toBe(404);
      const listed = await other.get('/api/v1/portal/documents');
      expect(JSON.stringify(listed.body)).not.toContain(tree.sharedChild.documentId);
    }
    expect((await neighbourPortal.get('/api/v1/portal/documents')).body.folders.map((f: { name: string }) => f.name)).toEqual(['Dossier du garage']);
  });

  it('answers 401 without a token, with an unknown token, or with a staff token', async () => {
    for (const client of [apiClient(app), apiClient(app, 'ecp_unknown'), apiClient(app, acme.adminToken)]) {
      const list = await client.get('/api/v1/portal/documents');
      expect(list.status).toBe(401);
      expect(list.headers.get('content-type')).toContain('application/problem+json');
      expect((await client.get(`/api/v1/portal/documents/${tree.sharedChild.documentId}/content`)).status).toBe(401);
    }
  });

  it('answers 400 naming the id for a malformed document id', async () => {
    const response = await portal.get('/api/v1/portal/documents/not-an-id/content');
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'id', location: 'path' });
  });
});
