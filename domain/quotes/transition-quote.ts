import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { quotes, type QuoteAcceptance } from '../../db/schema/index.ts';
import { cancelOngoingSignatureRequests } from '../signature/signature-request.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { signFileForWonQuote } from '../prospects/files/sign-file-for-won-quote.ts';
import { assertQuoteCommand, isQuoteCommandDone, quoteCommands } from './quote-lifecycle.ts';
import { recordQuoteEvent } from './record-quote-event.ts';
import { findQuote, type QuoteView } from './quote-view.ts';

/** A status change of the lifecycle and what it records. */
export type QuoteTransition =
  | { command: 'accept'; acceptance: QuoteAcceptance }
  | { command: 'decline'; reason: string }
  | { command: 'expire' }
  | { command: 'cancel' };

/**
 * Moves a quote along its lifecycle (accepted, declined, expired, cancelled) and records the
 * event, in one transaction. Asking again once done (a retried activity, a duplicate webhook) is
 * answered with the quote unchanged; any other status is refused with 409 `quote_status_conflict`.
 * The workflow calls it for sent quotes, so its timer and signals decide; staff cancel a draft here.
 * Accepting a quote made on a prospect's file (the "affaire") signs that file in the same
 * transaction (`signFileForWonQuote`); the `accepted` event's `prospectFile` says what became of it.
 * A signature request of the quote still ongoing (the client started signing online) is cancelled
 * in the same transaction: its signing page closes, and a signature arriving later is not applied.
 */
export async function transitionQuote(db: Db, actor: Actor, quoteId: string, transition: QuoteTransition, now = new Date()): Promise<QuoteView> {
  return db.transaction(async (tx) => {
    const before = await findQuote(tx, actor.organisationId, quoteId, { forUpdate: true });
    if (isQuoteCommandDone(transition.command, before.status)) return before;
    assertQuoteCommand(before, transition.command);
    const changes: Partial<typeof quotes.$inferInsert> = { status: quoteCommands[transition.command].to, updatedAt: now };
    if (transition.command === 'accept') Object.assign(changes, { acceptedAt: new Date(transition.acceptance.signedAt), acceptance: transition.acceptance });
    if (transition.command === 'decline') Object.assign(changes, { declinedAt: now, declineReason: transition.reason });
    if (transition.command === 'expire') changes.expiredAt = now;
    if (transition.command === 'cancel') changes.cancelledAt = now;
    const [after] = await tx.update(quotes).set(changes).where(eq(quotes.id, quoteId)).returning();
    await recordHistory(tx, actor, { type: 'quote', id: quoteId }, { action: 'update', before, after: after! });
    const kind = ({ accept: 'accepted', decline: 'declined', expire: 'expired', cancel: 'cancelled' } as const)[transition.command];
    const prospectFile = transition.command === 'accept' && after!.prospectFileId ? await signFileForWonQuote(tx, actor, after!.prospectFileId) : undefined;
    const detail = transition.command === 'accept' ? { ...transition.acceptance, ...(prospectFile ? { prospectFile } : {}) } : transition.command === 'decline' ? { reason: transition.reason } : {};
    await recordQuoteEvent(tx, after!, kind, { detail, at: now, idempotencyKey: kind });
    await cancelOngoingSignatureRequests(tx, after!.organisationId, { type: 'quote', id: quoteId }, ({ accept: 'Devis accepté', decline: 'Devis refusé', expire: 'Devis expiré', cancel: 'Devis annulé' } as const)[transition.command], now);
    return after!;
  });
}
