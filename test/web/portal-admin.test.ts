import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOpenInformationRequest } from '../support/seed-work.ts';
import { apiClient } from '../support/test-app.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
import { latestEmailTo } from './support/page-client.ts';

const { database, app, acme, other } = await twoOrganisations({
  app: (database) => ({ emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-admin-')) }) }),
});

describe('a request’s emails, firm side', () => {
  it('resends the firm’s email and lists it in the request’s email history; another organisation gets 404', async () => {
    const client = await seedClient(database.db, acme);
    const request = await seedOpenInformationRequest(database.db, acme, client.id, { dueDate: '2027-03-20' });
    const staff = apiClient(app, acme.collaboratorToken);
    expect((await staff.get(`/api/v1/information-requests/${request.id}/emails`)).body.items).toEqual([]);

    const resent = await staff.post(`/api/v1/information-requests/${request.id}/emails/resend`);
    expect(resent.status, JSON.stringify(resent.body)).toBe(201);
    expect(resent.body).toMatchObject({ kind: 'resent', to: 'claire@boulangerie-martin.test', subject: 'Nouvelle demande d’information : Justificatifs de TVA', sentByUserId: acme.collaborator.id });
    const email = await latestEmailTo(database.db, 'claire@boulangerie-martin.test', 'information-request-resent');
    expect(email?.text).toContain(`/portail/demandes/${request.id}`);
    expect(email?.text).toContain('20 mars 2027');
    await staff.post(`/api/v1/information-requests/${request.id}/emails/resend`);
    expect((await staff.get(`/api/v1/information-requests/${request.id}/emails`)).body.items.map((item: { kind: string }) => item.kind)).toEqual(['resent', 'resent']);

    const outsider = apiClient(app, other.adminToken);
    expect((await outsider.get(`/api/v1/information-requests/${request.id}/emails`)).status).toBe(404);
    expect((await outsider.post(`/api/v1/information-requests/${request.id}/emails/resend`)).status).toBe(404);
    expect((await outsider.post(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}/calendar-feed`)).status).toBe(404);
    expect((await outsider.post(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}/client-pages/revoke`)).status).toBe(404);
  });

  it('refuses to resend an answered or closed request (409)', async () => {
    const client = await seedClient(database.db, acme, { name: 'Close SARL' });
    const request = await seedOpenInformationRequest(database.db, acme, client.id, { status: 'closed' });
    const refused = await apiClient(app, acme.collaboratorToken).post(`/api/v1/information-requests/${request.id}/emails/resend`);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('issues a calendar URL that serves an ICS, and revokes it', async () => {
    const client = await seedClient(database.db, acme, { name: 'Agenda SAS' });
    await seedOpenInformationRequest(database.db, acme, client.id, { title: 'Bilan', dueDate: '2099-03-20' });
    const staff = apiClient(app, acme.collaboratorToken);
    const issued = await staff.post(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}/calendar-feed`);
    expect(issued.status).toBe(201);
    const feed = await app.request(new URL(issued.body.url).pathname);
    expect(feed.status).toBe(200);
    const text = await feed.text();
    expect(text).toContain('DTSTART;VALUE=DATE:20990320');
    expect(text).toContain('SUMMARY:À fournir : Bilan');
    expect((await staff.delete(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}/calendar-feed`)).status).toBe(204);
    expect((await app.request(new URL(issued.body.url).pathname)).status).toBe(404);
  });
});
