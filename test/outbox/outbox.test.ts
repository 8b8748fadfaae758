import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DatabaseOutboxStore, ORGANISATION_TAG } from '../../adapters/email/database-outbox-store.ts';
import type { OutgoingEmail } from '../../adapters/email/email-sender.ts';
import { EmailDeliveryError } from '../../adapters/email/email-delivery-error.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { DatabaseSmsOutboxStore, organisationSmsKey } from '../../adapters/sms/database-sms-outbox-store.ts';
import { OutboxSmsSender } from '../../adapters/sms/outbox-sms-sender.ts';
import { SmsDeliveryError } from '../../adapters/sms/sms-sender.ts';
import { outboxEmails, outboxSms } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const {
  database,
  acme,
  other,
  admin,
  collaborator,
  stranger,
  deps: { emailSender: sender },
} = await twoOrganisations({
  app: async (database) => ({ emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: await mkdtemp(join(tmpdir(), 'echeance-outbox-')) }) }),
});

let sequence = 0;
function quoteEmail(organisationId: string | undefined, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  sequence += 1;
  return {
    from: 'Cabinet Lefèvre & Associés <devis@lefevre-associes.fr>',
    to: ['Élodie Hébert <elodie.hebert@boulangerie-hebert.fr>'],
    subject: `Votre devis D-2025-${sequence} — Cabinet Lefèvre & Associés`,
    html: '<p>Bonjour Madame Hébert,</p><p><a href="https://app.echeance.fr/devis/7f3c9a21">Voir le devis</a></p>',
    text: 'Bonjour Madame Hébert,\n\nhttps://app.echeance.fr/devis/7f3c9a21\n',
    attachments: [{ filename: 'Devis D-2025.pdf', content: new TextEncoder().encode('%PDF-1.7 devis'), contentType: 'application/pdf' }],
    tags: { kind: 'quote-sent', ...(organisationId ? { [ORGANISATION_TAG]: organisationId } : {}) },
    idempotencyKey: `quote-sent/${organisationId ?? 'system'}/${sequence}`,
    ...overrides,
  };
}

const rowCount = async () => (await database.db.select({ n: count() }).from(outboxEmails))[0]!.n;

describe('the email outbox', () => {
  it('shows an email sent through the outbox sender to the organisation’s administrators, with its .eml', async () => {
    const email = quoteEmail(acme.organisationId);
    const sent = await sender.send(email);

    const list = await admin.get('/api/v1/outbox/emails');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((item: { id: string }) => item.id === sent.id);
    expect(listed).toMatchObject({
      subject: email.subject,
      fromAddress: email.from,
      toAddresses: email.to,
      hasEml: true,
      attachments: [{ filename: 'Devis D-2025.pdf', contentType: 'application/pdf', size: 14 }],
    });
    expect(listed).not.toHaveProperty('html');
    expect(listed).not.toHaveProperty('emlPath');

    const detail = await admin.get(`/api/v1/outbox/emails/${sent.id}`);
    expect(detail.body).toMatchObject({ id: sent.id, html: email.html, text: email.text, organisationId: acme.organisationId });

    const eml = await admin.get(`/api/v1/outbox/emails/${sent.id}/eml`);
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    expect(eml.headers.get('content-disposition')).toBe(`attachment; filename="${sent.id}.eml"; filename*=UTF-8''${sent.id}.eml`);
    expect(eml.text).toMatch(/^From: /);
    expect(eml.text).toContain('Content-Type: application/pdf');
  });

  it('records one row when the same idempotency key is sent twice', async () => {
    const email = quoteEmail(acme.organisationId);
    const before = await rowCount();
    const first = await sender.send(email);
    const second = await sender.send(email);
    expect(second.id).toBe(first.id);
    expect(await rowCount()).toBe(before + 1);
    expect(await new DatabaseOutboxStore(database.db).insert({
      idempotencyKey: email.idempotencyKey, messageId: 'x@y', from: email.from, to: email.to, cc: [], replyTo: null, subject: 'autre', html: '<p>x</p>', text: 'x',
      attachments: [], tags: {}, emlPath: '/nowhere.eml', createdAt: new Date(),
    })).toEqual({ id: first.id, duplicate: true });
  });

  it('refuses an invalid address before anything is written', async () => {
    const before = await rowCount();
    await expect(sender.send(quoteEmail(acme.organisationId, { to: ['elodie.hebert@'] }))).rejects.toBeInstanceOf(EmailDeliveryError);
    expect(await rowCount()).toBe(before);
  });

  it('lists newest first with stable pagination', async () => {
    for (let i = 0; i < 3; i++) await sender.send(quoteEmail(acme.organisationId));
    const all = await admin.get('/api/v1/outbox/emails?pageSize=200');
    const pageOne = await admin.get('/api/v1/outbox/emails?page=1&pageSize=2');
    const pageTwo = await admin.get('/api/v1/outbox/emails?page=2&pageSize=2');
    expect(pageOne.body.total).toBe(all.body.total);
    expect([...pageOne.body.items, ...pageTwo.body.items].map((item: { id: string }) => item.id)).toEqual(all.body.items.slice(0, 4).map((item: { id: string }) => item.id));
    const times = all.body.items.map((item: { createdAt: string }) => item.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('keeps system emails and other organisations’ emails out of the list', async () => {
    const system = await sender.send(quoteEmail(undefined));
    const unknownOrganisation = await sender.send(quoteEmail('00000000-0000-4000-8000-000000000000'));
    const theirs = await sender.send(quoteEmail(other.organisationId));
    const ours = await admin.get('/api/v1/outbox/emails?pageSize=200');
    const ids = ours.body.items.map((item: { id: string }) => item.id);
    expect(ids).not.toContain(system.id);
    expect(ids).not.toContain(unknownOrganisation.id);
    expect(ids).not.toContain(theirs.id);
    expect((await admin.get(`/api/v1/outbox/emails/${system.id}`)).status).toBe(404);
    const [stored] = await database.db.select().from(outboxEmails).where(eq(outboxEmails.id, unknownOrganisation.id));
    expect(stored?.organisationId).toBeNull();
  });

  it('hides an email and its .eml from other organisations', async () => {
    const sent = await sender.send(quoteEmail(acme.organisationId));
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/outbox/emails/${sent.id}`,
      deletable: false,
      actions: [{ method: 'GET', path: `/api/v1/outbox/emails/${sent.id}/eml` }],
    });
  });

  it('reserves the outbox to administrators', async () => {
    const sent = await sender.send(quoteEmail(acme.organisationId));
    for (const path of ['/api/v1/outbox/emails', `/api/v1/outbox/emails/${sent.id}`, `/api/v1/outbox/emails/${sent.id}/eml`]) {
      const response = await collaborator.get(path);
      expect(response.status, path).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('answers 400 naming the bad fields', async () => {
    const response = await admin.get('/api/v1/outbox/emails?page=0&pageSize=1000');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['page', 'pageSize']);
    expect((await admin.get('/api/v1/outbox/emails/not-an-id')).body.errors[0]).toMatchObject({ field: 'id', location: 'path' });
  });
});

describe('the SMS outbox', () => {
  const smsSender = () => new OutboxSmsSender(new DatabaseSmsOutboxStore(database.db));
  const smsCount = async () => (await database.db.select({ n: count() }).from(outboxSms))[0]!.n;

  it('shows an SMS sent for the organisation to its administrators, once per idempotency key', async () => {
    const sms = { to: '06 12 34 56 78', body: 'Votre devis D-2025-0117 vient d’être consulté par Élodie Hébert.', idempotencyKey: organisationSmsKey(acme.organisationId, 'quote-viewed/q1/e1') };
    const before = await smsCount();
    const first = await smsSender().send(sms);
    const second = await smsSender().send(sms);
    expect(second.id).toBe(first.id);
    expect(await smsCount()).toBe(before + 1);

    const list = await admin.get('/api/v1/outbox/sms');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: first.id, toNumber: '+33612345678', body: sms.body, segments: 1, organisationId: acme.organisationId }));
    expect((await stranger.get('/api/v1/outbox/sms')).body.items.map((item: { id: string }) => item.id)).not.toContain(first.id);
    expect((await collaborator.get('/api/v1/outbox/sms')).status).toBe(403);
  });

  it('refuses a number that is not a French mobile before anything is written', async () => {
    const before = await smsCount();
    await expect(smsSender().send({ to: '01 42 00 00 00', body: 'Bonjour', idempotencyKey: organisationSmsKey(acme.organisationId, 'landline') })).rejects.toBeInstanceOf(SmsDeliveryError);
    expect(await smsCount()).toBe(before);
  });

  it('files an SMS without an organisation prefix under no organisation', async () => {
    const sent = await smsSender().send({ to: '+33 7 81 23 45 67', body: 'Alerte système', idempotencyKey: 'system/alert/1' });
    const [row] = await database.db.select().from(outboxSms).where(eq(outboxSms.id, sent.id));
    expect(row?.organisationId).toBeNull();
    expect((await admin.get('/api/v1/outbox/sms?pageSize=200')).body.items.map((item: { id: string }) => item.id)).not.toContain(sent.id);
  });
});
