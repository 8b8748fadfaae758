import type { QuoteLine } from '../../db/schema/quotes.ts';
import { computeLine, computeTotals, type DocumentTotals, type LineInput } from '../invoicing/document-totals.ts';

/** A quote line before its amounts are computed. */
export type QuoteLineInput = LineInput & { serviceId?: string | undefined; optional: boolean; selected: boolean };

/** Whether a line counts in the totals: every firm line, and the optional lines that were selected. */
export const isIncluded = (line: { optional: boolean; selected: boolean }) => !line.optional || line.selected;

/**
 * The quote's lines with their amounts and its totals, in integer cents, by the invoices' rule
 * (domain/invoicing/document-totals.ts, docs/invoicing.md): each line's net and VAT are rounded
 * to the cent half away from zero, then summed per VAT rate and overall, so the printed lines
 * always add up to the printed totals and an accepted quote converts into a sales order with the
 * very same amounts. Every line gets its amounts (the page shows what an optional line would
 * cost); only included lines count in the totals and the VAT breakdown.
 */
export function computeQuoteTotals(inputs: readonly QuoteLineInput[]): Omit<DocumentTotals, 'lines'> & { lines: QuoteLine[] } {
  const lines = inputs.map((input) => ({ ...input, ...computeLine(input) }));
  const { lines: _included, ...totals } = computeTotals(lines.filter(isIncluded));
  return { ...totals, lines };
}
