import { toEn16931Invoice, type IssuedInvoiceData } from './en16931-invoice.ts';

/** The e-invoice files of one issued invoice. */
export interface EInvoiceFiles {
  /** PDF/A-3 with `factur-x.xml` (CII, profile EN 16931) embedded and the Factur-X XMP metadata. */
  facturxPdf: Uint8Array;
  /** The same CII XML, on its own. */
  cii: string;
  /** UBL 2.1 export of the same invoice. */
  ubl: string;
}

/** The library logs its warnings; ours stay quiet unless something is wrong. */
const quietLogger = { log: () => {}, warn: () => {}, error: (message: string) => console.error(message) };

/**
 * Turns an issued invoice and its printed PDF into a Factur-X EN 16931 PDF/A-3 plus the CII and
 * UBL exports, through @e-invoice-eu/core (which writes the XML from the EN 16931 model and
 * converts the PDF to PDF/A-3 with the embedded file and XMP metadata).
 */
export async function generateEInvoiceFiles(data: IssuedInvoiceData, printedPdf: Uint8Array): Promise<EInvoiceFiles> {
  // Loaded with the first invoice: a second of imports the service's start does not need.
  const { InvoiceService } = await import('@e-invoice-eu/core');
  const service = new InvoiceService(quietLogger);
  const invoice = toEn16931Invoice(data);
  const facturxPdf = (await service.generate(invoice, {
    format: 'Factur-X-EN16931',
    lang: 'fr-fr',
    pdf: { buffer: printedPdf, filename: `${data.number}.pdf`, mimetype: 'application/pdf' },
    noWarnings: true,
  })) as Uint8Array;
  const cii = (await service.generate(invoice, { format: 'CII', lang: 'fr-fr', noWarnings: true })) as string;
  const ubl = (await service.generate(invoice, { format: 'UBL', lang: 'fr-fr', noWarnings: true })) as string;
  return { facturxPdf, cii, ubl };
}
