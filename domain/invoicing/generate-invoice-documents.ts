import { and, eq } from 'drizzle-orm';
import type { PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import { generateEInvoiceFiles } from '../../adapters/facturx/facturx-generator.ts';
import type { Db } from '../../db/client.ts';
import { invoiceFiles } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { assertInvoiceCommand } from './invoice-lifecycle.ts';
import { findInvoiceRow } from './invoice-view.ts';
import type { InvoiceSnapshot } from './issue-invoice.ts';
import { renderInvoiceHtml } from './render-invoice-html.ts';
import { invoiceTextScope, renderInvoicingText } from './render-invoice-text.ts';

export type InvoiceFileFormat = 'facturx-pdf' | 'cii' | 'ubl';

/**
 * Builds an issued invoice's files from its frozen data: the printed PDF (the firm's model
 * through the PDF port), turned into a Factur-X EN 16931 PDF/A-3, plus the CII and UBL XML.
 * Stored once; later calls return the stored files, so what was sent is what is downloaded.
 * Runs after the issuing transaction (rendering takes time; the counter lock must not wait on it).
 */
export async function ensureInvoiceDocuments(deps: { db: Db; pdfRenderer: PdfRenderer }, organisationId: string, invoiceId: string): Promise<Map<InvoiceFileFormat, Buffer>> {
  const invoice = await findInvoiceRow(deps.db, organisationId, invoiceId);
  assertInvoiceCommand(invoice, 'download');
  const stored = await deps.db.select().from(invoiceFiles).where(eq(invoiceFiles.invoiceId, invoice.id));
  if (stored.length === 3) return new Map(stored.map((file) => [file.format, file.content]));

  const snapshot = invoice.snapshot as unknown as InvoiceSnapshot;
  const scope = invoiceTextScope(invoice, snapshot);
  const header = snapshot.headerText ? await renderInvoicingText(snapshot.headerText, scope) : null;
  const footer = snapshot.footerText ? await renderInvoicingText(snapshot.footerText, scope) : null;
  const printed = await deps.pdfRenderer.render(renderInvoiceHtml(invoice, { header, footer }), { marginsMm: { top: 15, bottom: 15, left: 15, right: 15 } });
  const files = await generateEInvoiceFiles(
    {
      kind: invoice.kind,
      number: invoice.number!,
      issueDate: invoice.issueDate!,
      dueDate: invoice.dueDate!,
      buyerReference: invoice.buyerReference,
      deliveryAddress: invoice.deliveryAddress,
      notes: invoice.notes,
      lines: invoice.lines,
      vatBreakdown: invoice.vatBreakdown,
      totalExclTaxCents: invoice.totalExclTaxCents,
      totalVatCents: invoice.totalVatCents,
      totalInclTaxCents: invoice.totalInclTaxCents,
      snapshot,
    },
    printed,
  );
  const rows = [
    { invoiceId: invoice.id, format: 'facturx-pdf' as const, content: Buffer.from(files.facturxPdf) },
    { invoiceId: invoice.id, format: 'cii' as const, content: Buffer.from(files.cii, 'utf8') },
    { invoiceId: invoice.id, format: 'ubl' as const, content: Buffer.from(files.ubl, 'utf8') },
  ];
  await deps.db.insert(invoiceFiles).values(rows).onConflictDoNothing();
  const kept = await deps.db.select().from(invoiceFiles).where(and(eq(invoiceFiles.invoiceId, invoice.id)));
  if (kept.length !== 3) throw new AppError('unavailable', 'The invoice files could not be stored');
  return new Map(kept.map((file) => [file.format, file.content]));
}
