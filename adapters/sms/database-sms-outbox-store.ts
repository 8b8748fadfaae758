import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, outboxSms } from '../../db/schema/index.ts';
import type { OutboxSmsRecord, SmsOutboxStore } from './outbox-sms-sender.ts';

const LEADING_UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//i;

/**
 * The idempotency key of an SMS sent on an organisation's behalf: `<organisationId>/<event>`,
 * e.g. `organisationSmsKey(orgId, 'quote-viewed/<quoteId>/<eventId>')`. An SMS carries nothing
 * else that says whose it is, so the database outbox reads the organisation from this prefix
 * (and the prefix keeps two organisations' keys apart in the table's global unique index).
 */
export function organisationSmsKey(organisationId: string, event: string): string {
  return `${organisationId}/${event}`;
}

/**
 * The `SmsOutboxStore` of the application: one row of `outbox_sms` per idempotency key
 * (`insert … on conflict (idempotency_key) do nothing`, then the existing row's id), filed under
 * the organisation named by the key's prefix (`organisationSmsKey`); none otherwise.
 */
export class DatabaseSmsOutboxStore implements SmsOutboxStore {
  constructor(private readonly db: Db) {}

  /** Records the SMS unless one with the same idempotency key exists; returns the stored id. */
  async insert(record: OutboxSmsRecord): Promise<{ id: string; duplicate: boolean }> {
    const prefix = LEADING_UUID.exec(record.idempotencyKey)?.[1];
    // Only an existing organisation is referenced: a stray prefix must not make the send fail.
    const organisationId = prefix ? sql`(select ${organisations.id} from ${organisations} where ${organisations.id} = ${prefix})` : null;
    const [inserted] = await this.db
      .insert(outboxSms)
      .values({ organisationId, idempotencyKey: record.idempotencyKey, toNumber: record.to, body: record.body, createdAt: record.createdAt })
      .onConflictDoNothing({ target: outboxSms.idempotencyKey })
      .returning({ id: outboxSms.id });
    if (inserted) return { id: inserted.id, duplicate: false };
    const [existing] = await this.db.select({ id: outboxSms.id }).from(outboxSms).where(eq(outboxSms.idempotencyKey, record.idempotencyKey));
    if (!existing) throw new Error(`Outbox SMS ${record.idempotencyKey} vanished after a conflicting insert`); // unreachable: rows are never deleted
    return { id: existing.id, duplicate: true };
  }
}
