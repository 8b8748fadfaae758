import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { informationRequests, serviceRequests, tasks } from '../../db/schema/index.ts';
import { openServiceToClients } from '../../domain/portal/open-service-to-clients.ts';
import { adminActor, seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOpenInformationRequest } from '../support/seed-work.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
import { latestEmailTo, type PageClient } from './support/page-client.ts';
import { signedInBrowser } from './support/sign-in.ts';

const { database, app, acme, other } = await twoOrganisations({
  app: (database) => ({ emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-web-')) }) }),
});
let claire: PageClient;
let martin: Awaited<ReturnType<typeof seedClient>>;

beforeAll(async () => {
  martin = await seedClient(database.db, acme);
  claire = await signedInBrowser(app, database.db, { organisationId: acme.organisationId, id: martin.contacts[0]!.id });
});

function multipart(fields: { text?: string; files?: Array<{ name: string; type: string; content: string }> }): FormData {
  const form = new FormData();
  if (fields.text !== undefined) form.append('text', fields.text);
  for (const file of fields.files ?? []) form.append('files[]', new File([file.content], file.name, { type: file.type }));
  return form;
}

describe('portal pages', () => {
  it('lists open requests with their due dates on the home page, soonest first', async () => {
    const later = await seedOpenInformationRequest(database.db, acme, martin.id, { title: 'Relevés bancaires', dueDate: '2026-04-30' });
    const sooner = await seedOpenInformationRequest(database.db, acme, martin.id, { title: 'Factures de mars', dueDate: '2026-04-10' });
    const home = await claire.get('/portail');
    expect(home.status).toBe(200);
    expect(home.html).toContain('Factures de mars');
    expect(home.html).toContain('10 avril 2026');
    expect(home.html.indexOf(sooner.title)).toBeLessThan(home.html.indexOf(later.title));
  });

  it('answers a request with text and two files, shows it answered, lets the client download a file again, and notifies the holder', async () => {
    const request = await seedOpenInformationRequest(database.db, acme, martin.id, { title: 'Justificatifs de TVA de mars', expectsText: true });
    const page = await claire.get(`/portail/demandes/${request.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Merci de déposer vos justificatifs de TVA');
    expect(page.html).toContain('25 Mo maximum chacun');
    expect(page.html).toContain('enctype="multipart/form-data"');

    const sent = await claire.postMultipart(`/portail/demandes/${request.id}/reponse`, multipart({ text: 'Voici mes pièces', files: [{ name: 'factures-mars.pdf', type: 'application/pdf', content: '%PDF-1.4 factures' }, { name: 'relevé.csv', type: 'text/csv', content: 'date;montant\n' }] }));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/portail/demandes/${request.id}?envoye=1`);

    const answered = await claire.get(sent.location!);
    expect(answered.html).toContain('votre réponse a bien été envoyée');
    expect(answered.html).toContain('Répondue');
    const link = answered.html.match(/href="(\/portail\/demandes\/[^"]+\/fichiers\/1)"/)![1]!;
    const download = await claire.get(link);
    expect(download.status).toBe(200);
    expect(download.html).toBe('date;montant\n');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''relev%C3%A9.csv");

    const notice = await latestEmailTo(database.db, acme.collaborator.email, 'information-request-answered');
    expect(notice?.subject).toBe('Réponse du client Boulangerie Martin : Justificatifs de TVA de mars');
    const [row] = await database.db.select().from(informationRequests).where(eq(informationRequests.id, request.id));
    expect(row!.status).toBe('answered');
  });

  it('refuses a file of a type the page does not accept, saying so in French, and keeps the text', async () => {
    const request = await seedOpenInformationRequest(database.db, acme, martin.id, { title: 'Contrats', expectsText: true });
    const refused = await claire.postMultipart(`/portail/demandes/${request.id}/reponse`, multipart({ text: 'Mon contrat', files: [{ name: 'virus.exe', type: 'application/octet-stream', content: 'MZ' }] }));
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('n’est pas d’un type accepté');
    expect(refused.html).toContain('Mon contrat');
    const refusedEmpty = await claire.postMultipart(`/portail/demandes/${request.id}/reponse`, multipart({ text: '' }));
    expect(refusedEmpty.status).toBe(400);
    expect(refusedEmpty.html).toContain('Écrivez un message ou joignez au moins un fichier.');
  });

  it('refuses the answer form without its CSRF token (403) and records nothing', async () => {
    const request = await seedOpenInformationRequest(database.db, acme, martin.id, { title: 'Sans jeton' });
    const refused = await claire.postMultipart(`/portail/demandes/${request.id}/reponse`, multipart({ files: [{ name: 'a.pdf', type: 'application/pdf', content: '%PDF' }] }), { csrf: false });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Formulaire expiré');
    const [row] = await database.db.select().from(informationRequests).where(eq(informationRequests.id, request.id));
    expect(row!.status).toBe('open');
  });

  it('shows the 404 page for another client’s request, file or document, with a valid session', async () => {
    const neighbour = await seedClient(database.db, acme, { name: 'Voisin SARL', contacts: [{ firstName: 'Victor', lastName: 'Voisin', email: 'victor@voisin.test', isPreferred: true }] });
    const theirs = await seedOpenInformationRequest(database.db, acme, neighbour.id, { title: 'Leurs pièces' });
    const elsewhere = await seedClient(database.db, other, { name: 'Ailleurs SA', contacts: [{ firstName: 'Ali', lastName: 'Ailleurs', email: 'ali@ailleurs.test', isPreferred: true }] });
    const otherOrg = await seedOpenInformationRequest(database.db, other, elsewhere.id, { title: 'Autre cabinet' });
    for (const path of [
      `/portail/demandes/${theirs.id}`,
      `/portail/demandes/${otherOrg.id}`,
      `/portail/demandes/not-a-uuid`,
      `/portail/demandes/${theirs.id}/reponses/${theirs.id}/fichiers/0`,
      `/portail/documents/${theirs.id}`,
    ]) {
      const response = await claire.get(path);
      expect(response.status, path).toBe(404);
      expect(response.html, path).toContain('Page introuvable');
    }
    const post = await claire.postMultipart(`/portail/demandes/${theirs.id}/reponse`, multipart({ files: [{ name: 'a.pdf', type: 'application/pdf', content: '%PDF' }] }));
    expect(post.status).toBe(404);
  });

  it('asks for a service open to clients, which becomes a task for the firm', async () => {
    const service = await seedVatService(database.db, acme);
    await openServiceToClients(database.db, adminActor(acme), service.id, { title: 'Déclarations de TVA', description: 'Nous préparons et déposons vos déclarations.' });
    const page = await claire.get('/portail/prestations');
    expect(page.html).toContain('Déclarations de TVA');
    expect(page.html).not.toContain(service.internalLabel);
    const asked = await claire.postForm('/portail/prestations', { serviceId: service.id, message: 'À partir de juin' });
    expect(asked.status).toBe(303);
    const [request] = await database.db.select().from(serviceRequests).where(eq(serviceRequests.serviceId, service.id));
    expect(request!.message).toBe('À partir de juin');
    const [task] = await database.db.select().from(tasks).where(eq(tasks.id, request!.taskId));
    expect(task!.source).toBe('client_request');
    expect((await claire.get('/portail/prestations?demande=envoyee')).html).toContain('bien été transmise');
  });
});

describe('page limits', () => {
  it('answers a body over the pages’ limit with the French 413 page', async () => {
    const request = await seedOpenInformationRequest(database.db, acme, martin.id, { title: 'Trop gros' });
    const response = await app.request(`/portail/demandes/${request.id}/reponse`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(200 * 1024 * 1024), Cookie: [...claire.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: '--x--',
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Envoi trop volumineux');
  });
});
