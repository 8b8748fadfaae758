import { describe, expect, it } from 'vitest';
import { InMemorySmsOutboxStore, OutboxSmsSender } from '../../../adapters/sms/outbox-sms-sender.ts';
import { normalizeFrenchMobile, smsSegments } from '../../../adapters/sms/sms-sender.ts';

describe('French mobile numbers', () => {
  it('normalises national, international and overseas mobiles to E.164', () => {
    expect(normalizeFrenchMobile('06 12 34 56 78')).toBe('+33612345678');
    expect(normalizeFrenchMobile('07.81.23.45.67')).toBe('+33781234567');
    expect(normalizeFrenchMobile('+33 (0)6 12 34 56 78')).toBe('+33612345678');
    expect(normalizeFrenchMobile('0033 6 12 34 56 78')).toBe('+33612345678');
    expect(normalizeFrenchMobile('+262 692 12 34 56')).toBe('+262692123456');
  });

  it('refuses landlines, foreign numbers, short numbers and letters, naming the value', () => {
    expect(() => normalizeFrenchMobile('01 23 45 67 89')).toThrow('"01 23 45 67 89" is not a mobile number');
    expect(() => normalizeFrenchMobile('+44 7700 900123')).toThrow(/is not a (valid|French)/);
    expect(() => normalizeFrenchMobile('06 12')).toThrow(/not a (valid )?phone number/);
    expect(() => normalizeFrenchMobile('0612345678a')).toThrow('"0612345678a" is not a phone number');
  });
});

describe('smsSegments', () => {
  it('counts GSM-7 parts, and UCS-2 parts once a character is outside the GSM alphabet', () => {
    expect(smsSegments('Votre devis a été consulté.')).toBe(1);
    expect(smsSegments('é'.repeat(160))).toBe(1);
    expect(smsSegments('e'.repeat(161))).toBe(2);
    expect(smsSegments('€'.repeat(80))).toBe(1);
    expect(smsSegments('€'.repeat(81))).toBe(2);
    expect(smsSegments(`Le devis de Mme Hébert a été téléchargé. ${'ê'.repeat(40)}`)).toBe(2);
  });
});

describe('OutboxSmsSender', () => {
  it('records the SMS once per idempotency key, with the number in E.164', async () => {
    const store = new InMemorySmsOutboxStore();
    const sender = new OutboxSmsSender(store, () => new Date('2025-02-03T08:00:00Z'));
    const sms = { to: '06 12 34 56 78', body: 'Le devis D-2025-0117 a été consulté par Élodie Hébert.', idempotencyKey: 'quote-viewed/7f3c/1' };

    const first = await sender.send(sms);
    const second = await sender.send(sms);

    expect(second.id).toBe(first.id);
    expect(store.list()).toEqual([
      {
        id: first.id,
        record: { idempotencyKey: 'quote-viewed/7f3c/1', to: '+33612345678', body: sms.body, segments: 1, createdAt: new Date('2025-02-03T08:00:00Z') },
      },
    ]);
  });

  it('refuses a landline or an empty body as non-retryable, storing nothing', async () => {
    const store = new InMemorySmsOutboxStore();
    const sender = new OutboxSmsSender(store);

    await expect(sender.send({ to: '04 78 00 00 00', body: 'x', idempotencyKey: 'k1' })).rejects.toMatchObject({ retryable: false, code: 'sms_invalid_number' });
    await expect(sender.send({ to: '06 12 34 56 78', body: ' ', idempotencyKey: 'k2' })).rejects.toMatchObject({ retryable: false, code: 'sms_invalid_message' });
    expect(store.list()).toEqual([]);
  });
});
