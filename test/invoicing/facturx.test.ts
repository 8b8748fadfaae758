import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH, type PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import type { Database } from '../../db/client.ts';
import { createCreditNote } from '../../domain/invoicing/create-credit-note.ts';
import { createInvoiceFromSalesOrder } from '../../domain/invoicing/create-invoice.ts';
import { createSalesOrder } from '../../domain/invoicing/create-sales-order.ts';
import { ensureInvoiceDocuments } from '../../domain/invoicing/generate-invoice-documents.ts';
import { issueInvoice } from '../../domain/invoicing/issue-invoice.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { validateAgainstSchematron, validateAgainstXsd } from './en16931/validate-en16931.ts';
import { SAMPLE_LINES, seedInvoicingFirm, seedIssuedInvoice } from './invoicing-builders.ts';

const run = promisify(execFile);
let database: Database;
let pdfRenderer: PdfRenderer;
let org: SeededOrganisation;
const workDir = mkdtempSync(path.join(tmpdir(), 'echeance-facturx-'));

beforeAll(async () => {
  database = await createTestDatabase();
  pdfRenderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 1 });
  org = await seedOrganisation(database.db);
  await seedInvoicingFirm(database.db, org, { vatOnDebits: true, footerText: 'Merci de votre confiance, {{ client.name }}.' });
}, 60_000);
afterAll(async () => {
  await pdfRenderer?.close();
  await database?.close();
});

/** Expects a CII document to pass the EN 16931 XSD and the EN 16931 schematron (fatal rules). */
async function expectValidEn16931(xml: string) {
  expect(await validateAgainstXsd(xml)).toEqual([]);
  const { fatal } = await validateAgainstSchematron(xml);
  expect(fatal).toEqual([]);
}

describe('Factur-X', () => {
  it('embeds a factur-x.xml valid against the EN 16931 XSD and schematron in a PDF/A-3 that poppler reads back', async () => {
    const invoice = await seedIssuedInvoice(database.db, org);
    const files = await ensureInvoiceDocuments({ db: database.db, pdfRenderer }, org.organisationId, invoice.id);
    const pdfPath = path.join(workDir, 'invoice.pdf');
    writeFileSync(pdfPath, files.get('facturx-pdf')!);

    // The attachment, read by an independent parser (poppler's pdfdetach).
    const { stdout: list } = await run('pdfdetach', ['-list', pdfPath]);
    expect(list).toMatch(/1: factur-x\.xml/);
    const extracted = path.join(workDir, 'factur-x.xml');
    await run('pdfdetach', ['-save', '1', '-o', extracted, pdfPath]);
    const xml = readFileSync(extracted, 'utf8');
    expect(xml).toBe(files.get('cii')!.toString('utf8'));

    // PDF/A-3 identification and the Factur-X extension schema in the XMP metadata (pdfinfo -meta).
    const { stdout: meta } = await run('pdfinfo', ['-meta', pdfPath]);
    expect(meta).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(meta).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(meta).toMatch(/<fx:DocumentFileName>factur-x\.xml<\/fx:DocumentFileName>/);
    expect(meta).toMatch(/<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);

    // The printed invoice carries the mandatory mentions.
    const { stdout: text } = await run('pdftotext', ['-layout', pdfPath, '-']);
    for (const mention of [invoice.number!, 'SIREN 552100554', 'SIREN 732829320', 'FR44732829320', 'Nature de l’opération', 'TVA 20 %', 'TVA 5,5 %', '40,00 €', '12,37 %', 'Option pour le paiement de la TVA d’après les débits', 'Merci de votre confiance, Boulangerie Martin.']) {
      expect(text.replace(/\s+/g, ' ')).toContain(mention);
    }

    expect(xml).toContain('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>');
    await expectValidEn16931(xml);
    const ubl = files.get('ubl')!.toString('utf8');
    expect(ubl).toMatch(/<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/);
    expect(ubl).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
  }, 240_000);

  it('writes valid EN 16931 for a down payment, a final invoice less its down payment, and a credit note', async () => {
    const client = await seedClient(database.db, org);
    const order = await createSalesOrder(database.db, adminActor(org), { clientId: client.id, lines: SAMPLE_LINES });
    const downPayment = await createInvoiceFromSalesOrder(database.db, adminActor(org), { salesOrderId: order.id, downPaymentPercent: 30 });
    const issuedDownPayment = await issueInvoice(database.db, adminActor(org), downPayment.id);
    const final = await createInvoiceFromSalesOrder(database.db, adminActor(org), { salesOrderId: order.id });
    const issuedFinal = await issueInvoice(database.db, adminActor(org), final.id);
    const credit = await createCreditNote(database.db, adminActor(org), issuedFinal.id, {
      lines: [{ label: 'Geste commercial', quantity: 1, unitPriceCents: 10_000, vatRate: 20, discountPercent: 0, nature: 'services' }],
    });
    const issuedCredit = await issueInvoice(database.db, adminActor(org), credit.id);
    for (const [document, typeCode] of [
      [issuedDownPayment, '386'],
      [issuedFinal, '380'],
      [issuedCredit, '381'],
    ] as const) {
      const files = await ensureInvoiceDocuments({ db: database.db, pdfRenderer }, org.organisationId, document.id);
      const xml = files.get('cii')!.toString('utf8');
      expect(xml).toContain(`<ram:TypeCode>${typeCode}</ram:TypeCode>`);
      await expectValidEn16931(xml);
    }
  }, 240_000);
});
