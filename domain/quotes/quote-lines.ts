import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { MAX_DOCUMENT_TOTAL_CENTS } from '../invoicing/invoicing-input.ts';
import type { QuoteLineBody } from './quote-input.ts';
import { computeQuoteTotals, type QuoteLineInput } from './quote-totals.ts';

/**
 * Completes the lines staff entered: a catalogue line takes the service's label, description,
 * price and VAT rate unless given (services of the organisation only; another organisation's id
 * is an unknown service). Then computes the totals, refusing amounts over the 32-bit cents limit.
 * Bad lines come back together, each named by its path (`lines.2.serviceId`).
 */
export async function resolveQuoteLines(db: Db, organisationId: string, bodies: readonly QuoteLineBody[]) {
  const serviceIds = [...new Set(bodies.flatMap((line) => (line.serviceId ? [line.serviceId] : [])))];
  const services = serviceIds.length
    ? await db.select().from(catalogueServices).where(and(eq(catalogueServices.organisationId, organisationId), inArray(catalogueServices.id, serviceIds)))
    : [];
  const problems: FieldProblem[] = [];
  const inputs: QuoteLineInput[] = bodies.map((body, index) => {
    const service = body.serviceId ? services.find((candidate) => candidate.id === body.serviceId) : undefined;
    if (body.serviceId && !service) problems.push({ field: `lines.${index}.serviceId`, location: 'body', message: 'unknown catalogue service' });
    return {
      ...(body.serviceId ? { serviceId: body.serviceId } : {}),
      label: body.label ?? service?.internalLabel ?? '',
      ...((body.description ?? service?.description) ? { description: body.description ?? service?.description ?? undefined } : {}),
      quantity: body.quantity,
      unitPriceCents: body.unitPriceCents ?? service?.defaultPriceCents ?? 0,
      vatRate: body.vatRate ?? (service ? service.vatRateBasisPoints / 100 : 20),
      discountPercent: body.discountPercent,
      nature: body.nature,
      optional: body.optional,
      selected: body.optional && body.selected,
    };
  });
  if (problems.length) throw AppError.invalid(problems);
  const totals = computeQuoteTotals(inputs);
  // Every line as if selected: the client may add all the optional ones online.
  const everything = computeQuoteTotals(inputs.map((line) => ({ ...line, selected: true })));
  if (Math.max(everything.totalInclTaxCents, ...everything.lines.map((line) => Math.abs(line.netCents + line.vatCents))) > MAX_DOCUMENT_TOTAL_CENTS) {
    throw AppError.invalid([{ field: 'lines', location: 'body', message: `amounts above ${MAX_DOCUMENT_TOTAL_CENTS / 100} € are not supported` }]);
  }
  return totals;
}
