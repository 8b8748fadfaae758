import { eq, sql } from 'drizzle-orm';
import { preparedPerDb, type Db } from '../../db/client.ts';
import { organisations, outboxEmails } from '../../db/schema/index.ts';
import { ORGANISATION_TAG } from './email-sender.ts';
import type { OutboxEmailRecord, OutboxStore } from './outbox-email-sender.ts';

export { ORGANISATION_TAG };


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Prepared: every email of the service goes through these (drizzle builds them once, the driver parses them once per connection). */
const insertEmail = preparedPerDb((db) =>
  db
    .insert(outboxEmails)
    .values({
      // Only an existing organisation is referenced: a stray tag must not make the send fail.
      organisationId: sql`(select ${organisations.id} from ${organisations} where ${organisations.id} = ${sql.placeholder('organisationId')}::uuid)`,
      idempotencyKey: sql.placeholder('idempotencyKey'),
      fromAddress: sql.placeholder('fromAddress'),
      toAddresses: sql.placeholder('toAddresses'),
      subject: sql.placeholder('subject'),
      html: sql.placeholder('html'),
      text: sql.placeholder('text'),
      tags: sql.placeholder('tags'),
      attachments: sql.placeholder('attachments'),
      emlPath: sql.placeholder('emlPath'),
      createdAt: sql.placeholder('createdAt'),
    })
    .onConflictDoNothing({ target: outboxEmails.idempotencyKey })
    .returning({ id: outboxEmails.id })
    .prepare('insert_outbox_email'),
);
const emailIdByKey = preparedPerDb((db) =>
  db.select({ id: outboxEmails.id }).from(outboxEmails).where(eq(outboxEmails.idempotencyKey, sql.placeholder('idempotencyKey'))).prepare('find_outbox_email'),
);

/**
 * The `OutboxStore` of the application: one row of `outbox_emails` per idempotency key
 * (`insert … on conflict (idempotency_key) do nothing`, then the existing row's id). The
 * attachments' bytes, Cc, Reply-To and Message-ID are in the `.eml` file the row points to.
 */
export class DatabaseOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  /** Records the email unless one with the same idempotency key exists; returns the stored id. */
  async insert(record: OutboxEmailRecord): Promise<{ id: string; duplicate: boolean }> {
    const tagged = record.tags[ORGANISATION_TAG];
    const [inserted] = await insertEmail(this.db).execute({
      organisationId: tagged && UUID.test(tagged) ? tagged : null,
      idempotencyKey: record.idempotencyKey,
      fromAddress: record.from,
      toAddresses: [...record.to],
      subject: record.subject,
      html: record.html,
      text: record.text,
      tags: { ...record.tags },
      attachments: record.attachments.map((attachment) => ({ ...attachment })),
      emlPath: record.emlPath,
      createdAt: record.createdAt,
    });
    if (inserted) return { id: inserted.id, duplicate: false };
    const [existing] = await emailIdByKey(this.db).execute({ idempotencyKey: record.idempotencyKey });
    if (!existing) throw new Error(`Outbox email ${record.idempotencyKey} vanished after a conflicting insert`); // unreachable: rows are never deleted
    return { id: existing.id, duplicate: true };
  }
}
