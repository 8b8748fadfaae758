import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLine, computeTotals, operationNatureOf, percentOf, type LineInput } from '../../domain/invoicing/document-totals.ts';
import { assertInvoiceCommand, settlementStatus } from '../../domain/invoicing/invoice-lifecycle.ts';
import { VAT_RATES } from '../../domain/invoicing/invoicing-input.ts';

const line = (overrides: Partial<LineInput>): LineInput => ({ label: 'x', quantity: 1, unitPriceCents: 0, vatRate: 20, discountPercent: 0, nature: 'services', ...overrides });

const lineArbitrary = fc.record({
  label: fc.constant('Ligne'),
  quantity: fc.integer({ min: -100_000, max: 1_000_000 }).filter((q) => q !== 0).map((q) => q / 1000),
  unitPriceCents: fc.integer({ min: 0, max: 100_000_000 }),
  vatRate: fc.constantFrom(...VAT_RATES),
  discountPercent: fc.integer({ min: 0, max: 10_000 }).map((d) => d / 100),
  nature: fc.constantFrom('goods' as const, 'services' as const),
});

describe('document totals (rounding per line)', () => {
  it('rounds each line half away from zero to the cent, net first, then its VAT', () => {
    expect(computeLine(line({ quantity: 2, unitPriceCents: 3_999, vatRate: 5.5 }))).toMatchObject({ netCents: 7_998, vatCents: 440 });
    expect(computeLine(line({ quantity: 1, unitPriceCents: 96_000, discountPercent: 10 }))).toMatchObject({ netCents: 86_400, vatCents: 17_280 });
    // 0.333 × 1,50 € = 0,4995 € → 0,50 €; VAT 20 % = 0,10 €.
    expect(computeLine(line({ quantity: 0.333, unitPriceCents: 150 }))).toMatchObject({ netCents: 50, vatCents: 10 });
    // 1 × 0,05 € at 10 % = 0,005 € of VAT → 0,01 €; a deduction line mirrors it exactly.
    expect(computeLine(line({ quantity: 1, unitPriceCents: 5, vatRate: 10 })).vatCents).toBe(1);
    expect(computeLine(line({ quantity: -1, unitPriceCents: 5, vatRate: 10 }))).toMatchObject({ netCents: -5, vatCents: -1 });
  });

  it('adds the lines up to the totals and the breakdown per rate, within EN 16931’s tolerance of base × rate', () => {
    fc.assert(
      fc.property(fc.array(lineArbitrary, { minLength: 1, maxLength: 200 }), (inputs) => {
        const totals = computeTotals(inputs);
        expect(totals.totalExclTaxCents).toBe(totals.lines.reduce((sum, l) => sum + l.netCents, 0));
        expect(totals.totalVatCents).toBe(totals.vatBreakdown.reduce((sum, row) => sum + row.vatCents, 0));
        expect(totals.totalExclTaxCents).toBe(totals.vatBreakdown.reduce((sum, row) => sum + row.baseCents, 0));
        expect(totals.totalInclTaxCents).toBe(totals.totalExclTaxCents + totals.totalVatCents);
        for (const row of totals.vatBreakdown) {
          // BR-CO-17: within one currency unit (100 cents) of base × rate rounded.
          expect(Math.abs(row.vatCents - Math.round((row.baseCents * row.vatRate) / 100))).toBeLessThanOrEqual(100);
          expect(new Set(totals.vatBreakdown.map((r) => r.vatRate)).size).toBe(totals.vatBreakdown.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('computes a down payment share per rate to the cent', () => {
    expect(percentOf(7_998, 30)).toBe(2_399);
    expect(percentOf(386_400, 30)).toBe(115_920);
    expect(percentOf(1, 50)).toBe(1);
  });

  it('tells goods, services or both', () => {
    expect(operationNatureOf([{ nature: 'goods' }, { nature: 'goods' }])).toBe('goods');
    expect(operationNatureOf([{ nature: 'services' }])).toBe('services');
    expect(operationNatureOf([{ nature: 'goods' }, { nature: 'services' }])).toBe('mixed');
  });
});

describe('invoice lifecycle', () => {
  it('derives the payment status from payments and credit notes', () => {
    expect(settlementStatus({ totalInclTaxCents: 1000, paidCents: 0, creditedCents: 0 })).toBe('issued');
    expect(settlementStatus({ totalInclTaxCents: 1000, paidCents: 400, creditedCents: 0 })).toBe('partially_paid');
    expect(settlementStatus({ totalInclTaxCents: 1000, paidCents: 1000, creditedCents: 0 })).toBe('paid');
    expect(settlementStatus({ totalInclTaxCents: 1000, paidCents: 0, creditedCents: 1000 })).toBe('cancelled');
    expect(settlementStatus({ totalInclTaxCents: 1000, paidCents: 0, creditedCents: 300 })).toBe('issued');
  });

  it('refuses to change or delete an issued invoice, with a 409 naming its status', () => {
    expect(() => assertInvoiceCommand({ status: 'issued' }, 'update')).toThrow(/immutable.*issued/);
    expect(() => assertInvoiceCommand({ status: 'paid' }, 'delete')).toThrow(/credit note/);
    expect(() => assertInvoiceCommand({ status: 'draft' }, 'issue')).not.toThrow();
  });
});
