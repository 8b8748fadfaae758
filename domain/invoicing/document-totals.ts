import type { DocumentLine, OperationNature, VatBreakdownRow } from '../../db/schema/invoicing.ts';

/** A line as entered, before its amounts are computed. */
export type LineInput = Omit<DocumentLine, 'netCents' | 'vatCents'>;

/** Totals of a sales order, invoice or credit note, all in integer cents. */
export interface DocumentTotals {
  lines: DocumentLine[];
  vatBreakdown: VatBreakdownRow[];
  totalExclTaxCents: number;
  totalVatCents: number;
  totalInclTaxCents: number;
}

/** Rounds a rational `numerator / denominator` (BigInt) half away from zero to an integer. */
function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d);
  return Number(negative ? -rounded : rounded);
}

/** Quantity in thousandths, discount and VAT rate in hundredths of a percent: exact integers. */
const milli = (quantity: number) => BigInt(Math.round(quantity * 1000));
const basisPoints = (percent: number) => BigInt(Math.round(percent * 100));

/**
 * The amounts of one line, rounded per line: net = quantity × unit price × (1 − discount),
 * rounded half away from zero to the cent; VAT = net × rate, rounded the same way.
 */
export function computeLine(line: LineInput): DocumentLine {
  const netCents = roundHalfAwayFromZero(milli(line.quantity) * BigInt(line.unitPriceCents) * (10_000n - basisPoints(line.discountPercent)), 1000n * 10_000n);
  const vatCents = roundHalfAwayFromZero(BigInt(netCents) * basisPoints(line.vatRate), 10_000n);
  return { ...line, netCents, vatCents };
}

/**
 * Totals with rounding per line (documented in docs/invoicing.md): each line's net and VAT are
 * rounded to the cent, then summed per VAT rate and overall, so the lines printed always add up
 * to the totals printed. EN 16931 (BR-CO-17) accepts a VAT per rate within one currency unit of
 * base × rate; with at most 200 lines (half a cent each at worst) the sum of line VATs stays
 * inside it.
 */
export function computeTotals(inputs: readonly LineInput[]): DocumentTotals {
  const lines = inputs.map(computeLine);
  const byRate = new Map<number, VatBreakdownRow>();
  for (const line of lines) {
    const row = byRate.get(line.vatRate) ?? { vatRate: line.vatRate, baseCents: 0, vatCents: 0 };
    row.baseCents += line.netCents;
    row.vatCents += line.vatCents;
    byRate.set(line.vatRate, row);
  }
  const vatBreakdown = [...byRate.values()].sort((a, b) => b.vatRate - a.vatRate);
  const totalExclTaxCents = lines.reduce((sum, line) => sum + line.netCents, 0);
  const totalVatCents = lines.reduce((sum, line) => sum + line.vatCents, 0);
  return { lines, vatBreakdown, totalExclTaxCents, totalVatCents, totalInclTaxCents: totalExclTaxCents + totalVatCents };
}

/** Goods, services or both, from the lines (the "nature de l'opération" printed on the invoice). */
export function operationNatureOf(lines: readonly { nature: 'goods' | 'services' }[]): OperationNature {
  const natures = new Set(lines.map((line) => line.nature));
  if (natures.size > 1) return 'mixed';
  return natures.has('goods') ? 'goods' : 'services';
}

/** `amount × percent / 100`, rounded half away from zero to the cent (down payments). */
export function percentOf(cents: number, percent: number): number {
  return roundHalfAwayFromZero(BigInt(cents) * basisPoints(percent), 10_000n);
}
