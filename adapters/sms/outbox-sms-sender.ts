import { randomUUID } from 'node:crypto';
import { SmsDeliveryError, validateOutgoingSms, type OutgoingSms, type SentSms, type SmsSender } from './sms-sender.ts';

/** An SMS kept in the outbox, as the admin endpoint lists it. */
export interface OutboxSmsRecord {
  readonly idempotencyKey: string;
  /** E.164. */
  readonly to: string;
  readonly body: string;
  readonly segments: number;
  readonly createdAt: Date;
}

/** Where the SMS outbox keeps its records, keyed by idempotency key (the DB table comes with the wiring). */
export interface SmsOutboxStore {
  /** Inserts unless the idempotency key exists; returns the stored id either way. */
  insert(record: OutboxSmsRecord): Promise<{ id: string; duplicate: boolean }>;
}

/** An `SmsOutboxStore` in memory, for tests and local scripts. */
export class InMemorySmsOutboxStore implements SmsOutboxStore {
  private readonly byKey = new Map<string, { id: string; record: OutboxSmsRecord }>();

  /** Stores the record under its idempotency key, first write wins. */
  async insert(record: OutboxSmsRecord): Promise<{ id: string; duplicate: boolean }> {
    const existing = this.byKey.get(record.idempotencyKey);
    if (existing) return { id: existing.id, duplicate: true };
    const id = randomUUID();
    this.byKey.set(record.idempotencyKey, { id, record });
    return { id, duplicate: false };
  }

  /** Every stored record with its id, oldest first. */
  list(): { id: string; record: OutboxSmsRecord }[] {
    return [...this.byKey.values()];
  }
}

/**
 * The SMS sender until a provider is chosen: validates the number and the body like a real send
 * and records the message in an outbox the admin endpoint reads, once per idempotency key.
 */
export class OutboxSmsSender implements SmsSender {
  constructor(
    private readonly store: SmsOutboxStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Validates and records the SMS. */
  async send(sms: OutgoingSms): Promise<SentSms> {
    const { to, segments } = validateOutgoingSms(sms);
    try {
      const { id } = await this.store.insert({ idempotencyKey: sms.idempotencyKey, to, body: sms.body, segments, createdAt: this.now() });
      return { id };
    } catch (error) {
      throw new SmsDeliveryError('sms_outbox_failed', `Could not store the SMS in the outbox: ${String(error)}`, { retryable: true, cause: error });
    }
  }
}
