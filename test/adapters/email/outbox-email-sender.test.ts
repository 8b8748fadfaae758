import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../../adapters/email/email-sender.ts';
import { quotedPrintable } from '../../../adapters/email/eml-message.ts';
import { InMemoryOutboxStore, OutboxEmailSender } from '../../../adapters/email/outbox-email-sender.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 0xe9, 0xff])]);
const LONG_LINE = `Honoraires annuels : ${'4 680,00 € HT — '.repeat(12)}fin.`;

function letterEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: 'Cabinet Lefèvre & Associés <lettres@lefevre-associes.fr>',
    to: ['Élodie Hébert <elodie.hebert@boulangerie-hebert.fr>', 'compta@boulangerie-hebert.fr'],
    cc: ['"Lefèvre, François" <f.lefevre@lefevre-associes.fr>'],
    replyTo: 'f.lefevre@lefevre-associes.fr',
    subject: 'Votre lettre de mission LM-2025-0042 à signer — Cabinet Lefèvre & Associés',
    html: `<p>Bonjour Madame Hébert,</p><p>${LONG_LINE}</p><p><a href="https://app.echeance.fr/signature/5d0e77aa">Signer</a></p>`,
    text: `Bonjour Madame Hébert,\n\n${LONG_LINE}\n\nSigner : https://app.echeance.fr/signature/5d0e77aa\n`,
    attachments: [{ filename: 'Lettre de mission — Hébert.pdf', content: PDF, contentType: 'application/pdf' }],
    tags: { kind: 'mission-letter' },
    idempotencyKey: 'mission-letter/5d0e77aa/1',
    ...overrides,
  };
}

describe('OutboxEmailSender', () => {
  let directory: string;
  let store: InMemoryOutboxStore;
  let sender: OutboxEmailSender;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'echeance-outbox-'));
    store = new InMemoryOutboxStore();
    sender = new OutboxEmailSender({ store, directory, now: () => new Date('2025-01-06T09:30:00Z') });
  });

  it('writes an .eml that a MIME parser reads back: UTF-8 headers, text and HTML bodies, the attachment', async () => {
    const { id } = await sender.send(letterEmail());

    const [record] = store.list();
    expect(record!.id).toBe(id);
    const raw = await readFile(record!.record.emlPath);
    expect(raw.toString('latin1')).toMatch(/^From: =\?UTF-8\?B\?/); // non-ASCII headers are encoded
    expect(raw.every((byte) => byte < 0x80)).toBe(true); // the file itself is 7-bit clean
    expect(raw.toString().split('\r\n').every((line) => line.length <= 998)).toBe(true);

    const email = await PostalMime.parse(raw);
    expect(email.subject).toBe('Votre lettre de mission LM-2025-0042 à signer — Cabinet Lefèvre & Associés');
    expect(email.from).toMatchObject({ name: 'Cabinet Lefèvre & Associés', address: 'lettres@lefevre-associes.fr' });
    expect(email.to).toMatchObject([
      { name: 'Élodie Hébert', address: 'elodie.hebert@boulangerie-hebert.fr' },
      { address: 'compta@boulangerie-hebert.fr' },
    ]);
    expect(email.cc).toMatchObject([{ name: 'Lefèvre, François', address: 'f.lefevre@lefevre-associes.fr' }]);
    expect(email.replyTo).toMatchObject([{ address: 'f.lefevre@lefevre-associes.fr' }]);
    expect(email.date).toBe('2025-01-06T09:30:00.000Z');
    expect(email.messageId).toMatch(/^<[0-9a-f]{32}@lefevre-associes\.fr>$/);
    // postal-mime ends every text part with a line break of its own.
    expect(email.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(letterEmail().text.trimEnd());
    expect(email.html?.trimEnd()).toBe(letterEmail().html);
    expect(email.attachments).toHaveLength(1);
    const [attachment] = email.attachments;
    expect(attachment).toMatchObject({ filename: 'Lettre de mission — Hébert.pdf', mimeType: 'application/pdf', disposition: 'attachment' });
    expect(Buffer.from(attachment!.content as ArrayBuffer).equals(PDF)).toBe(true);
    expect(email.headers.find((header) => header.key === 'x-echeance-idempotency-key')?.value).toBe('mission-letter/5d0e77aa/1');
  });

  it('writes a plain multipart/alternative message when there is no attachment', async () => {
    await sender.send(letterEmail({ attachments: [], cc: [] }));

    const raw = await readFile(store.list()[0]!.record.emlPath, 'utf8');
    expect(raw).toMatch(/\r\nContent-Type: multipart\/alternative; boundary=/);
    expect(raw).not.toContain('multipart/mixed');
    expect(raw).not.toMatch(/\r\nCc:/);
    expect((await PostalMime.parse(raw)).attachments).toEqual([]);
  });

  it('keeps one record and one file when the same idempotency key is sent twice', async () => {
    const first = await sender.send(letterEmail());
    const second = await sender.send(letterEmail());

    expect(second.id).toBe(first.id);
    expect(store.list()).toHaveLength(1);
    expect((await readdir(directory)).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
    expect(await readdir(directory)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
  });

  it('records what the admin endpoint lists: addresses, subject, bodies, attachment sizes, tags', async () => {
    await sender.send(letterEmail());

    expect(store.list()[0]!.record).toMatchObject({
      idempotencyKey: 'mission-letter/5d0e77aa/1',
      to: ['Élodie Hébert <elodie.hebert@boulangerie-hebert.fr>', 'compta@boulangerie-hebert.fr'],
      replyTo: 'f.lefevre@lefevre-associes.fr',
      attachments: [{ filename: 'Lettre de mission — Hébert.pdf', contentType: 'application/pdf', size: PDF.byteLength }],
      tags: { kind: 'mission-letter' },
      createdAt: new Date('2025-01-06T09:30:00Z'),
    });
  });

  it('refuses a bad address, or a subject that would add a header, before writing anything', async () => {
    await expect(sender.send(letterEmail({ to: ['elodie.hebert'] }))).rejects.toMatchObject({ retryable: false, code: 'email_invalid_address' });
    await expect(sender.send(letterEmail({ replyTo: 'x <a@b.fr>\r\nBcc: c@d.fr' }))).rejects.toMatchObject({ code: 'email_invalid_address' });
    await expect(sender.send(letterEmail({ subject: 'Objet\r\nBcc: c@d.fr' }))).rejects.toMatchObject({ code: 'email_invalid_message' });
    await expect(sender.send(letterEmail({ tags: { 'mission letter': 'x' } }))).rejects.toMatchObject({ code: 'email_invalid_message' });

    expect(store.list()).toEqual([]);
    expect(await readdir(directory)).toEqual([]);
  });
});

describe('quotedPrintable', () => {
  it('encodes UTF-8, keeps lines under 77 columns and protects trailing spaces', () => {
    expect(quotedPrintable('Échéance = 5 €')).toBe('=C3=89ch=C3=A9ance =3D 5 =E2=82=AC');
    expect(quotedPrintable('fin ')).toBe('fin=20');
    for (const line of quotedPrintable('é'.repeat(200)).split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });
});
