import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EmailDeliveryError } from './email-delivery-error.ts';
import type { EmailSender, OutgoingEmail, SentEmail } from './email-sender.ts';
import { formatEml } from './eml-message.ts';
import { parseMailbox, validateOutgoingEmail } from './validate-outgoing-email.ts';

/** An email kept in the local outbox: what the admin endpoint lists. Attachments are in the `.eml`. */
export interface OutboxEmailRecord {
  readonly idempotencyKey: string;
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments: readonly { readonly filename: string; readonly contentType: string; readonly size: number }[];
  readonly tags: Readonly<Record<string, string>>;
  /** Absolute path of the `.eml` file. */
  readonly emlPath: string;
  readonly createdAt: Date;
}

/**
 * Where the outbox keeps its records. The database implementation (a table with a unique
 * idempotency key, `insert … on conflict (idempotency_key) do nothing returning id`, else select
 * the existing id) comes with the API/DB wiring; `InMemoryOutboxStore` serves tests.
 */
export interface OutboxStore {
  /** Inserts the record unless one with the same idempotency key exists; returns the stored id. */
  insert(record: OutboxEmailRecord): Promise<{ id: string; duplicate: boolean }>;
}

/** An `OutboxStore` in memory, for tests and local scripts. */
export class InMemoryOutboxStore implements OutboxStore {
  private readonly byKey = new Map<string, { id: string; record: OutboxEmailRecord }>();

  /** Stores the record under its idempotency key, first write wins. */
  async insert(record: OutboxEmailRecord): Promise<{ id: string; duplicate: boolean }> {
    const existing = this.byKey.get(record.idempotencyKey);
    if (existing) return { id: existing.id, duplicate: true };
    const id = randomUUID();
    this.byKey.set(record.idempotencyKey, { id, record });
    return { id, duplicate: false };
  }

  /** Every stored record with its id, oldest first. */
  list(): { id: string; record: OutboxEmailRecord }[] {
    return [...this.byKey.values()];
  }
}

/** Options of the outbox sender. */
export interface OutboxEmailSenderOptions {
  readonly store: OutboxStore;
  /** Directory of the `.eml` files; default `.data/outbox` (config: `${DATA_DIR}/outbox`). */
  readonly directory?: string;
  /** Clock for the `Date` header, injectable in tests. */
  readonly now?: () => Date;
}

/**
 * The email sender used when no RESEND_API_KEY is configured (development, tests, demos): each
 * email is validated like a real send, written as an RFC 5322 `.eml` file a mail client can open,
 * and recorded in an `OutboxStore` that the admin endpoint reads. The idempotency key names the
 * file and keys the record, so sending the same email twice keeps one of each.
 */
export class OutboxEmailSender implements EmailSender {
  private readonly store: OutboxStore;
  private readonly directory: string;
  private readonly now: () => Date;

  constructor(options: OutboxEmailSenderOptions) {
    this.store = options.store;
    this.directory = resolve(options.directory ?? '.data/outbox');
    this.now = options.now ?? (() => new Date());
  }

  /** Writes the `.eml` (once per key) and records the email in the store. */
  async send(email: OutgoingEmail): Promise<SentEmail> {
    validateOutgoingEmail(email);
    const keyHash = createHash('sha256').update(email.idempotencyKey).digest('hex').slice(0, 32);
    const domain = parseMailbox(email.from, 'from').address.split('@')[1] ?? 'localhost';
    const messageId = `${keyHash}@${domain}`;
    const createdAt = this.now();
    const emlPath = join(this.directory, `${keyHash}.eml`);
    try {
      await this.writeOnce(emlPath, formatEml(email, { messageId, date: createdAt }));
      const { id } = await this.store.insert({
        idempotencyKey: email.idempotencyKey,
        messageId,
        from: email.from,
        to: [...email.to],
        cc: [...(email.cc ?? [])],
        replyTo: email.replyTo ?? null,
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: (email.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.byteLength })),
        tags: { ...email.tags },
        emlPath,
        createdAt,
      });
      return { id };
    } catch (error) {
      if (error instanceof EmailDeliveryError) throw error;
      throw new EmailDeliveryError('email_outbox_failed', `Could not store the email in the outbox: ${String(error)}`, { retryable: true, cause: error });
    }
  }

  /**
   * Writes the file under a temporary name, then links it into place: the link fails if the file
   * exists, so a retried or repeated send never rewrites the first message, and a reader never
   * sees a half-written one.
   */
  private async writeOnce(path: string, content: string): Promise<void> {
    const temporary = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, content, 'utf8');
    } catch (error) {
      // The directory is created when missing (the first email, or removed since), not checked on every send.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(this.directory, { recursive: true });
      await writeFile(temporary, content, 'utf8');
    }
    try {
      await link(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }
}
