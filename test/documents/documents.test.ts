import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentFolders, documents, historyEntries } from '../../db/schema/index.ts';
import { MAX_DOCUMENT_BYTES } from '../../domain/documents/upload-document.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedClient } from '../support/seed-clients.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
import { download, sha256, uploadFile } from './support.ts';

const { database, app, acme, other, admin, collaborator, stranger } = await twoOrganisations();
let clientId: string;
let otherClientId: string;

beforeAll(async () => {
  clientId = (await seedClient(database.db, acme)).id;
  otherClientId = (await seedClient(database.db, acme, { name: 'Garage Dupont', siren: null, siret: null, contacts: [] })).id;
});

const counts = async () => ({
  folders: (await database.db.select({ n: count() }).from(documentFolders))[0]!.n,
  documents: (await database.db.select({ n: count() }).from(documents))[0]!.n,
  history: (await database.db.select({ n: count() }).from(historyEntries))[0]!.n,
});

/** Creates a folder of the client with the collaborator's token. */
async function folder(name: string, options: { parentId?: string; sharedWithClient?: boolean; client?: string } = {}) {
  const { client, ...body } = options;
  const response = await collaborator.post(`/api/v1/clients/${client ?? clientId}/folders`, { name, ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; name: string; sharedWithClient: boolean; visibleToClient: boolean; parentId: string | null };
}

const upload = (folderId: string, file: Parameters<typeof uploadFile>[3], fields?: Record<string, string>, token = acme.collaboratorToken, client = clientId) =>
  uploadFile(app, token, `/api/v1/clients/${client}/folders/${folderId}/documents`, file, fields);

describe('folders', () => {
  it('builds a tree per client, where a subfolder is visible to the client only when every folder above it is shared', async () => {
    const root = await folder('Comptabilité 2024', { sharedWithClient: true });
    const shared = await folder('Factures', { parentId: root.id, sharedWithClient: true });
    const internal = await folder('Notes internes', { parentId: root.id });
    expect(root.visibleToClient).toBe(true);
    expect(shared).toMatchObject({ parentId: root.id, visibleToClient: true });
    expect(internal.visibleToClient).toBe(false);

    const unshared = await collaborator.patch(`/api/v1/clients/${clientId}/folders/${root.id}`, { sharedWithClient: false });
    expect(unshared.body).toMatchObject({ sharedWithClient: false, visibleToClient: false });
    const tree = await collaborator.get(`/api/v1/clients/${clientId}/folders`);
    const byId = new Map(tree.body.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(shared.id)).toMatchObject({ sharedWithClient: true, visibleToClient: false });
  });

  it('renames a folder and records the change in the history', async () => {
    const created = await folder('Juridique');
    const renamed = await collaborator.patch(`/api/v1/clients/${clientId}/folders/${created.id}`, { name: 'Juridique et social' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Juridique et social');
    const history = await admin.get(`/api/v1/history?entityType=document_folder&entityId=${created.id}`);
    expect(history.body.items.map((entry: { action: string; field: string | null }) => [entry.action, entry.field])).toEqual([
      ['create', null],
      ['update', 'name'],
    ]);
  });

  it('refuses two folders of the same name side by side with 409, but allows it in another folder or another client', async () => {
    const parent = await folder('Fiscal');
    await folder('TVA', { parentId: parent.id });
    const before = await counts();
    const duplicate = await collaborator.post(`/api/v1/clients/${clientId}/folders`, { name: 'TVA', parentId: parent.id });
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toContain('application/problem+json');
    expect((await collaborator.post(`/api/v1/clients/${clientId}/folders`, { name: 'Fiscal' })).status).toBe(409);
    expect(await counts()).toEqual(before);
    await folder('TVA');
    await folder('Fiscal', { client: otherClientId });
  });

  it('lists each bad field in a 400 problem and writes nothing', async () => {
    const before = await counts();
    const response = await collaborator.post(`/api/v1/clients/${clientId}/folders`, { name: '../etc', parentId: 'nope', sharedWithClient: 'yes' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['name', 'parentId', 'sharedWithClient']);
    const empty = await collaborator.patch(`/api/v1/clients/${clientId}/folders/${(await folder('Vide')).id}`, {});
    expect(empty.status).toBe(400);
    expect((await counts()).folders).toBe(before.folders + 1);
  });

  it('refuses a parent folder of another client, naming parentId', async () => {
    const theirs = await folder('Dossier Dupont', { client: otherClientId });
    const before = await counts();
    const response = await collaborator.post(`/api/v1/clients/${clientId}/folders`, { name: 'Intrus', parentId: theirs.id });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'parentId' })]);
    expect(await counts()).toEqual(before);
  });

  it('deletes an empty folder, and refuses with 409 a folder with a subfolder or a document', async () => {
    const parent = await folder('À supprimer');
    const child = await folder('Sous-dossier', { parentId: parent.id });
    expect((await collaborator.delete(`/api/v1/clients/${clientId}/folders/${parent.id}`)).status).toBe(409);
    await upload(child.id, { name: 'note.txt', type: 'text/plain', bytes: 'note' });
    expect((await collaborator.delete(`/api/v1/clients/${clientId}/folders/${child.id}`)).status).toBe(409);
    const document = (await collaborator.get(`/api/v1/clients/${clientId}/folders/${child.id}`)).body.documents[0];
    expect((await collaborator.delete(`/api/v1/documents/${document.id}`)).status).toBe(204);
    expect((await collaborator.delete(`/api/v1/clients/${clientId}/folders/${child.id}`)).status).toBe(204);
    expect((await collaborator.delete(`/api/v1/clients/${clientId}/folders/${parent.id}`)).status).toBe(204);
    expect((await collaborator.get(`/api/v1/clients/${clientId}/folders/${parent.id}`)).status).toBe(404);
  });

  it('answers 404 for a folder reached through another client of the same organisation', async () => {
    const mine = await folder('Paie');
    expect((await collaborator.get(`/api/v1/clients/${otherClientId}/folders/${mine.id}`)).status).toBe(404);
    expect((await collaborator.delete(`/api/v1/clients/${otherClientId}/folders/${mine.id}`)).status).toBe(404);
  });

  it('hides folders from other organisations', async () => {
    const secret = await folder('Confidentiel', { sharedWithClient: true });
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/clients/${clientId}/folders/${secret.id}`,
      update: { body: { name: 'Pwned' } },
      actions: [
        { method: 'GET', path: `/api/v1/clients/${clientId}/folders` },
        { method: 'POST', path: `/api/v1/clients/${clientId}/folders`, body: { name: 'Intrus' } },
      ],
    });
    const upload = await uploadFile(app, other.adminToken, `/api/v1/clients/${clientId}/folders/${secret.id}/documents`, { name: 'x.txt', bytes: 'x' });
    expect(upload.status).toBe(404);
  });
});

describe('documents', () => {
  it('stores an upload and downloads the same bytes, with its media type, size, SHA-256 and an RFC 6266 file name', async () => {
    const target = await folder('Bilans');
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0xe9, ...randomBytes(4096)]);
    const name = 'Bilan 2024 — société « Hébert ».pdf';
    const uploaded = await upload(target.id, { name, type: 'application/pdf', bytes });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      name,
      mediaType: 'application/pdf',
      size: bytes.byteLength,
      sha256: sha256(bytes),
      version: 1,
      versionCount: 1,
      folderId: target.id,
      clientId,
      authorUserId: acme.collaborator.id,
      authorLabel: 'Bruno Collaborateur',
    });
    expect(uploaded.body).not.toHaveProperty('storageKey');

    const file = await download(app, `/api/v1/documents/${uploaded.body.id}/content`, { Authorization: `Bearer ${acme.adminToken}` });
    expect(file.status).toBe(200);
    expect(Buffer.from(file.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Bilan 2024 _ societe _ Hebert _.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
  });

  it('adds a version when the same name is uploaded again, keeping the previous one readable', async () => {
    const target = await folder('Statuts');
    const first = await upload(target.id, { name: 'statuts.txt', type: 'text/plain', bytes: 'version un' });
    const second = await upload(target.id, { name: 'statuts.txt', type: 'text/plain', bytes: 'version deux' });
    const third = await upload(target.id, { name: 'autre.txt', type: 'text/plain', bytes: 'autre' }, { name: 'statuts.txt' });
    expect([first.body.version, second.body.version, third.body.version]).toEqual([1, 2, 3]);

    const contents = await collaborator.get(`/api/v1/clients/${clientId}/folders/${target.id}`);
    expect(contents.body.documents).toEqual([expect.objectContaining({ id: third.body.id, name: 'statuts.txt', version: 3, versionCount: 3 })]);
    const versions = await collaborator.get(`/api/v1/documents/${first.body.id}/versions`);
    expect(versions.body.items.map((item: { version: number }) => item.version)).toEqual([3, 2, 1]);
    const old = await download(app, `/api/v1/documents/${first.body.id}/content`, { Authorization: `Bearer ${acme.collaboratorToken}` });
    expect(new TextDecoder().decode(old.bytes)).toBe('version un');
    expect((await collaborator.get(`/api/v1/documents/${first.body.id}`)).body).toMatchObject({ version: 1, versionCount: 3, sha256: sha256('version un') });
  });

  it('stores one version, bytes intact, when the same upload is retried with one Idempotency-Key', async () => {
    const target = await folder('Idempotence');
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xe9, 0x80, ...randomBytes(1024)]);
    const form = new FormData();
    form.append('file', new File([bytes], 'releve.pdf', { type: 'application/pdf' }));
    // A retry resends the same bytes, multipart boundary included.
    const serialised = new Request('http://localhost/', { method: 'POST', body: form });
    const body = new Uint8Array(await serialised.arrayBuffer());
    const headers = { Authorization: `Bearer ${acme.collaboratorToken}`, 'Idempotency-Key': `upload-${target.id}`, 'Content-Type': serialised.headers.get('content-type')! };
    const send = async () => {
      const response = await app.request(`/api/v1/clients/${clientId}/folders/${target.id}/documents`, { method: 'POST', headers, body });
      return { status: response.status, body: await response.json() };
    };
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ size: bytes.byteLength, sha256: sha256(bytes) });
    expect((await collaborator.get(`/api/v1/documents/${first.body.id}/versions`)).body.items).toHaveLength(1);
  });

  it('moves a document with all its versions to another folder of the same client', async () => {
    const from = await folder('Arrivée');
    const to = await folder('Classement');
    const v1 = await upload(from.id, { name: 'releve.csv', type: 'text/csv', bytes: 'a;b' });
    await upload(from.id, { name: 'releve.csv', type: 'text/csv', bytes: 'a;b;c' });
    const moved = await collaborator.post(`/api/v1/documents/${v1.body.id}/move`, { folderId: to.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ folderId: to.id, versionCount: 2 });
    expect((await collaborator.get(`/api/v1/clients/${clientId}/folders/${from.id}`)).body.documents).toEqual([]);
    expect((await collaborator.get(`/api/v1/clients/${clientId}/folders/${to.id}`)).body.documents).toEqual([expect.objectContaining({ name: 'releve.csv', version: 2 })]);
    const bytes = await download(app, `/api/v1/documents/${v1.body.id}/content`, { Authorization: `Bearer ${acme.collaboratorToken}` });
    expect(new TextDecoder().decode(bytes.bytes)).toBe('a;b');
  });

  it('refuses to move onto a document of the same name (409) or into another client’s folder (400), writing nothing', async () => {
    const a = await folder('A');
    const b = await folder('B');
    const theirs = await folder('C', { client: otherClientId });
    const doc = await upload(a.id, { name: 'x.txt', bytes: 'x' });
    await upload(b.id, { name: 'x.txt', bytes: 'autre x' });
    const before = await counts();
    expect((await collaborator.post(`/api/v1/documents/${doc.body.id}/move`, { folderId: b.id })).status).toBe(409);
    const foreign = await collaborator.post(`/api/v1/documents/${doc.body.id}/move`, { folderId: theirs.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'folderId' })]);
    const malformed = await collaborator.post(`/api/v1/documents/${doc.body.id}/move`, { folderId: 'x' });
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'folderId', location: 'body' })]);
    expect(await counts()).toEqual(before);
  });

  it('deletes a document with all its versions and their bytes', async () => {
    const target = await folder('Brouillons');
    const v1 = await upload(target.id, { name: 'brouillon.txt', bytes: '1' });
    const v2 = await upload(target.id, { name: 'brouillon.txt', bytes: '2' });
    expect((await collaborator.delete(`/api/v1/documents/${v2.body.id}`)).status).toBe(204);
    for (const id of [v1.body.id, v2.body.id]) {
      expect((await collaborator.get(`/api/v1/documents/${id}`)).status).toBe(404);
      expect((await download(app, `/api/v1/documents/${id}/content`, { Authorization: `Bearer ${acme.collaboratorToken}` })).status).toBe(404);
    }
    const history = await admin.get(`/api/v1/history?entityType=document&entityId=${v1.body.id}`);
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(['create', 'delete']);
  });

  it('refuses an upload without a file, naming the file field, and writes nothing', async () => {
    const target = await folder('Sans fichier');
    const before = await counts();
    const form = new FormData();
    form.append('name', 'rien.txt');
    const response = await app.request(`/api/v1/clients/${clientId}/folders/${target.id}/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${acme.collaboratorToken}` },
      body: form,
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual([expect.objectContaining({ field: 'file', location: 'body' })]);
    const badName = await upload(target.id, { name: 'ok.txt', bytes: 'x' }, { name: '' });
    expect(badName.status).toBe(400);
    expect(badName.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over 25 MB with a 413 problem and writes nothing', async () => {
    const target = await folder('Volumineux');
    const before = await counts();
    for (const size of [MAX_DOCUMENT_BYTES + 1, MAX_DOCUMENT_BYTES + 1024 * 1024]) {
      const response = await upload(target.id, { name: 'trop-gros.bin', bytes: new Uint8Array(size) });
      expect(response.status, `${size} bytes`).toBe(413);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    }
    expect(await counts()).toEqual(before);
  });

  it('hides documents from other organisations', async () => {
    const target = await folder('Privé');
    const doc = await upload(target.id, { name: 'secret.txt', bytes: 'secret' });
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/documents/${doc.body.id}`,
      actions: [
        { method: 'GET', path: `/api/v1/documents/${doc.body.id}/content` },
        { method: 'GET', path: `/api/v1/documents/${doc.body.id}/versions` },
        { method: 'POST', path: `/api/v1/documents/${doc.body.id}/move`, body: { folderId: target.id } },
      ],
    });
  });
});
