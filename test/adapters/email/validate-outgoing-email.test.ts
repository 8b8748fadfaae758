import { describe, expect, it } from 'vitest';
import { createEmailSender } from '../../../adapters/email/create-email-sender.ts';
import { parseMailbox, validateOutgoingEmail, type OutgoingEmail } from '../../../adapters/email/email-sender.ts';
import { InMemoryOutboxStore, OutboxEmailSender } from '../../../adapters/email/outbox-email-sender.ts';
import { ResendEmailSender } from '../../../adapters/email/resend-email-sender.ts';

const valid: OutgoingEmail = {
  from: 'Échéance <no-reply@echeance.localhost>',
  to: ['elodie.hebert@boulangerie-hebert.fr'],
  subject: 'Nouvelle demande d’information',
  html: '<p>Bonjour</p>',
  text: 'Bonjour',
  idempotencyKey: 'information-request/42',
};

describe('email address validation', () => {
  it('reads bare addresses, display names and quoted display names', () => {
    expect(parseMailbox('a.b@c.fr')).toEqual({ address: 'a.b@c.fr' });
    expect(parseMailbox('Élodie Hébert <elodie@hebert.fr>')).toEqual({ name: 'Élodie Hébert', address: 'elodie@hebert.fr' });
    expect(parseMailbox('"Lefèvre, François" <f@l.fr>')).toEqual({ name: 'Lefèvre, François', address: 'f@l.fr' });
  });

  it('refuses what is not an address, naming the field and the value', () => {
    for (const bad of ['elodie', 'elodie@', '@hebert.fr', 'a b@c.fr', 'Élodie <elodie@hebert>', '<>', 'a@b.fr, c@d.fr']) {
      expect(() => parseMailbox(bad, 'to'), bad).toThrow(`Invalid to: ${JSON.stringify(bad)}`);
    }
  });

  it('checks every address field and the message before anything is sent', () => {
    expect(() => validateOutgoingEmail(valid)).not.toThrow();
    expect(() => validateOutgoingEmail({ ...valid, from: 'no-reply' })).toThrow(/Invalid from/);
    expect(() => validateOutgoingEmail({ ...valid, to: [] })).toThrow(/at least one recipient/);
    expect(() => validateOutgoingEmail({ ...valid, replyTo: 'x@' })).toThrow(/Invalid replyTo/);
    expect(() => validateOutgoingEmail({ ...valid, text: ' ' })).toThrow(/text body/);
    expect(() => validateOutgoingEmail({ ...valid, idempotencyKey: '' })).toThrow(/idempotency key/);
    expect(() =>
      validateOutgoingEmail({ ...valid, attachments: [{ filename: '../x.pdf', content: new Uint8Array(1), contentType: 'application/pdf' }] }),
    ).toThrow(/attachment name/);
  });
});

describe('createEmailSender', () => {
  it('uses Resend when an API key is configured and the local outbox otherwise', () => {
    const outboxStore = new InMemoryOutboxStore();
    expect(createEmailSender({ resendApiKey: 're_123', outboxStore })).toBeInstanceOf(ResendEmailSender);
    expect(createEmailSender({ resendApiKey: undefined, outboxStore })).toBeInstanceOf(OutboxEmailSender);
  });
});
