import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prospects } from '../../db/schema/index.ts';
import type { LineInput } from '../invoicing/document-totals.ts';
import { AppError } from '../errors.ts';
import { isIncluded } from './quote-totals.ts';
import type { QuoteView } from './quote-view.ts';

/**
 * The client a quote's follow-ups (sales order, invoice, task) belong to: the quote's client, or
 * the client its prospect became. A prospect not yet converted is refused (422
 * `quote_account_not_client`).
 */
export async function clientOfQuote(db: Db, quote: Pick<QuoteView, 'clientId' | 'prospectId'>): Promise<string> {
  let clientId = quote.clientId;
  if (!clientId && quote.prospectId) {
    const [prospect] = await db.select({ clientId: prospects.clientId }).from(prospects).where(eq(prospects.id, quote.prospectId));
    clientId = prospect?.clientId ?? null;
  }
  if (!clientId) throw new AppError('precondition_failed', 'The quote’s prospect is not a client yet: convert it first', { reason: 'quote_account_not_client' });
  return clientId;
}

/** The quote's lines as accepted: the optional lines the client chose included, the others not. */
export function acceptedLines(quote: Pick<QuoteView, 'lines'>): LineInput[] {
  return quote.lines.filter(isIncluded).map(({ netCents: _net, vatCents: _vat, optional: _optional, selected: _selected, serviceId: _service, ...line }) => line);
}
