import type { Db } from '../../db/client.ts';
import { quoteEvents, type QuoteEventKind } from '../../db/schema/index.ts';

/**
 * Appends one event to a quote's history. With an idempotency key (a workflow reminder, a
 * webhook), a retry records nothing more and returns false.
 */
export async function recordQuoteEvent(
  db: Db,
  quote: { id: string; organisationId: string },
  kind: QuoteEventKind,
  options: { detail?: Record<string, unknown>; idempotencyKey?: string; at?: Date } = {},
): Promise<boolean> {
  const rows = await db
    .insert(quoteEvents)
    .values({ organisationId: quote.organisationId, quoteId: quote.id, kind, detail: options.detail ?? {}, idempotencyKey: options.idempotencyKey ?? null, ...(options.at ? { occurredAt: options.at } : {}) })
    .onConflictDoNothing()
    .returning({ id: quoteEvents.id });
  return rows.length > 0;
}
