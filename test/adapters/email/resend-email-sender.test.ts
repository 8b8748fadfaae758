import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmailDeliveryError, type OutgoingEmail } from '../../../adapters/email/email-sender.ts';
import { ResendEmailSender } from '../../../adapters/email/resend-email-sender.ts';
import { startResendStub } from './resend-stub.ts';

const API_KEY = 're_test_0123456789';
const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xe9, 0x80, 0x00, 0xff]);

function quoteEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: 'Cabinet Lefèvre <devis@lefevre-associes.fr>',
    to: ['elodie.hebert@boulangerie-hebert.fr'],
    cc: ['f.lefevre@lefevre-associes.fr'],
    replyTo: 'f.lefevre@lefevre-associes.fr',
    subject: 'Votre devis D-2025-0117 — Cabinet Lefèvre & Associés',
    html: '<p>Bonjour Madame Hébert, <a href="https://app.echeance.fr/devis/7f3c9a21">votre devis</a> : 5 616,00 € TTC</p>',
    text: 'Bonjour Madame Hébert, votre devis : https://app.echeance.fr/devis/7f3c9a21 — 5 616,00 € TTC',
    attachments: [{ filename: 'Devis D-2025-0117.pdf', content: PDF, contentType: 'application/pdf' }],
    tags: { kind: 'quote-sent', organisation: 'org_42' },
    idempotencyKey: 'quote-sent/7f3c9a21/1',
    ...overrides,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ResendEmailSender, through the real resend SDK against a local Resend stub', () => {
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  let sender: ResendEmailSender;
  beforeAll(async () => {
    stub = await startResendStub(API_KEY);
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.reset();
    sender = new ResendEmailSender({ apiKey: API_KEY, baseUrl: stub.url });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('sends the payload with its attachment in base64, its tags and the Idempotency-Key header', async () => {
    const { id } = await sender.send(quoteEmail());

    expect(stub.sent).toHaveLength(1);
    expect(stub.sent[0]!.id).toBe(id);
    const [request] = stub.requests;
    expect(request!.path).toBe('/emails');
    expect(request!.headers['idempotency-key']).toBe('quote-sent/7f3c9a21/1');
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request!.body).toMatchObject({
      from: 'Cabinet Lefèvre <devis@lefevre-associes.fr>',
      to: ['elodie.hebert@boulangerie-hebert.fr'],
      cc: ['f.lefevre@lefevre-associes.fr'],
      reply_to: 'f.lefevre@lefevre-associes.fr',
      subject: 'Votre devis D-2025-0117 — Cabinet Lefèvre & Associés',
      html: quoteEmail().html,
      text: quoteEmail().text,
      tags: [
        { name: 'kind', value: 'quote-sent' },
        { name: 'organisation', value: 'org_42' },
      ],
      attachments: [{ filename: 'Devis D-2025-0117.pdf', content_type: 'application/pdf' }],
    });
    const [attachment] = request!.body.attachments as { content: string }[];
    expect(Buffer.from(attachment!.content, 'base64').equals(Buffer.from(PDF))).toBe(true);
  });

  it('sends once when the same idempotency key is sent twice, and returns the same id', async () => {
    const first = await sender.send(quoteEmail());
    const second = await sender.send(quoteEmail());

    expect(second.id).toBe(first.id);
    expect(stub.requests).toHaveLength(2);
    expect(stub.sent).toHaveLength(1);
  });

  it('refuses, without retry, a reused idempotency key with different content', async () => {
    await sender.send(quoteEmail());

    const failure = await sender.send(quoteEmail({ subject: 'Autre objet' })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(EmailDeliveryError);
    expect(failure).toMatchObject({ retryable: false, code: 'email_rejected' });
    expect((failure as Error).message).toContain('invalid_idempotent_request');
    expect(stub.sent).toHaveLength(1);
  });

  it('maps a 422 validation error to a non-retryable failure', async () => {
    stub.failNext({ status: 422, name: 'validation_error', message: 'Invalid `to` field.' });
    await expect(sender.send(quoteEmail())).rejects.toMatchObject({ retryable: false, code: 'email_rejected' });
  });

  it('maps a rejected API key to a non-retryable failure', async () => {
    const wrongKey = new ResendEmailSender({ apiKey: 're_wrong', baseUrl: stub.url });
    await expect(wrongKey.send(quoteEmail())).rejects.toMatchObject({ retryable: false, code: 'email_rejected' });
  });

  it('maps a 500 and a 429 to retryable failures', async () => {
    stub.failNext(
      { status: 500, name: 'internal_server_error', message: 'An unexpected error occurred.' },
      { status: 429, name: 'rate_limit_exceeded', message: 'Too many requests.' },
    );
    await expect(sender.send(quoteEmail())).rejects.toMatchObject({ retryable: true, code: 'email_provider_unavailable' });
    await expect(sender.send(quoteEmail())).rejects.toMatchObject({ retryable: true, code: 'email_provider_unavailable' });
    expect(stub.sent).toHaveLength(0);
  });

  it('maps a non-JSON 502 from a proxy to a retryable failure', async () => {
    stub.failNext({ status: 502, raw: '<html>Bad Gateway</html>' });
    await expect(sender.send(quoteEmail())).rejects.toMatchObject({ retryable: true });
  });

  it('maps an unreachable Resend to a retryable failure', async () => {
    const unreachable = new ResendEmailSender({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await expect(unreachable.send(quoteEmail())).rejects.toMatchObject({ retryable: true, code: 'email_provider_unreachable' });
  });

  it('refuses a bad address before sending anything, naming it', async () => {
    const failure = await sender.send(quoteEmail({ cc: ['f.lefevre@lefevre-associes.fr', 'elodie@@hebert'] })).catch((error: unknown) => error);

    expect(failure).toMatchObject({ retryable: false, code: 'email_invalid_address' });
    expect((failure as Error).message).toContain('"elodie@@hebert"');
    expect((failure as Error).message).toContain('cc');
    expect(stub.requests).toHaveLength(0);
  });

  it('uses the base URL it is given, not RESEND_BASE_URL from the environment', async () => {
    vi.stubEnv('RESEND_BASE_URL', 'http://127.0.0.1:1');
    const configured = new ResendEmailSender({ apiKey: API_KEY, baseUrl: `${stub.url}/` });

    await configured.send(quoteEmail());

    expect(stub.sent).toHaveLength(1);
  });
});
