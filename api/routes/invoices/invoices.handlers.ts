import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { actorOf } from '../../../domain/auth/caller.ts';
import { invoices } from '../../../db/schema/index.ts';
import { AppError } from '../../../domain/errors.ts';
import { createCreditNote } from '../../../domain/invoicing/create-credit-note.ts';
import { createDirectInvoice, createInvoiceFromSalesOrder } from '../../../domain/invoicing/create-invoice.ts';
import { ensureInvoiceDocuments, type InvoiceFileFormat } from '../../../domain/invoicing/generate-invoice-documents.ts';
import { assertInvoiceCommand } from '../../../domain/invoicing/invoice-lifecycle.ts';
import { findInvoice, findInvoiceRow } from '../../../domain/invoicing/invoice-view.ts';
import { findInvoicingSettings, saveInvoicingSettings } from '../../../domain/invoicing/invoicing-settings.ts';
import { issueInvoice } from '../../../domain/invoicing/issue-invoice.ts';
import { listInvoices } from '../../../domain/invoicing/list-invoices.ts';
import { recordPayment } from '../../../domain/invoicing/record-payment.ts';
import { recordHistory } from '../../../domain/history/record-history.ts';
import type { AppDeps, AppEnv } from '../../context.ts';
import { contentDisposition } from '../../file-response.ts';
import { signalSettlementChanged, startInvoiceFollowUp } from './invoice-workflow.ts';
import type * as routes from './invoices.routes.ts';

export const list: RouteHandler<typeof routes.listInvoices, AppEnv> = async (c) =>
  c.json(await listInvoices(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')) as never, 200);

export const get: RouteHandler<typeof routes.getInvoice, AppEnv> = async (c) =>
  c.json(await findInvoice(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id) as never, 200);

export const create: RouteHandler<typeof routes.createInvoice, AppEnv> = async (c) =>
  c.json(await createDirectInvoice(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')) as never, 201);

export const createFromSalesOrder: RouteHandler<typeof routes.createInvoiceFromSalesOrder, AppEnv> = async (c) =>
  c.json(await createInvoiceFromSalesOrder(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')) as never, 201);

export const remove: RouteHandler<typeof routes.deleteInvoice, AppEnv> = async (c) => {
  const db = c.get('deps').database.db;
  const actor = actorOf(c.get('caller'));
  await db.transaction(async (tx) => {
    const invoice = await findInvoiceRow(tx, actor.organisationId, c.req.valid('param').id, { forUpdate: true });
    assertInvoiceCommand(invoice, 'delete');
    await tx.delete(invoices).where(eq(invoices.id, invoice.id));
    await recordHistory(tx, actor, { type: 'invoice', id: invoice.id }, { action: 'delete', before: invoice });
  });
  return c.body(null, 204);
};

/** Builds the files right after issue when a PDF renderer is configured; a failure is retried on download. */
async function prepareDocuments(deps: AppDeps, organisationId: string, invoiceId: string) {
  if (!deps.pdfRenderer) return;
  try {
    await ensureInvoiceDocuments({ db: deps.database.db, pdfRenderer: deps.pdfRenderer }, organisationId, invoiceId);
  } catch (error) {
    deps.logger.warn({ err: error, invoiceId }, 'invoice files not generated yet; they will be on first download');
  }
}

export const issue: RouteHandler<typeof routes.issueInvoice, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const actor = actorOf(c.get('caller'));
  const issued = await issueInvoice(deps.database.db, actor, c.req.valid('param').id);
  await prepareDocuments(deps, actor.organisationId, issued.id);
  if (issued.kind === 'credit_note') {
    const credited = await findInvoice(deps.database.db, actor.organisationId, issued.creditedInvoiceId!);
    await signalSettlementChanged(deps, credited.id, credited.outstandingCents);
  } else {
    await startInvoiceFollowUp(deps, issued);
  }
  return c.json(issued as never, 200);
};

export const creditNote: RouteHandler<typeof routes.createCreditNote, AppEnv> = async (c) =>
  c.json(await createCreditNote(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')) as never, 201);

export const payment: RouteHandler<typeof routes.recordPayment, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const invoice = await recordPayment(deps.database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'));
  await signalSettlementChanged(deps, invoice.id, invoice.outstandingCents);
  return c.json(invoice as never, 201);
};

async function file(deps: AppDeps, organisationId: string, invoiceId: string, format: InvoiceFileFormat) {
  // Another organisation's or a missing invoice is a 404 whatever the set-up.
  const invoice = await findInvoiceRow(deps.database.db, organisationId, invoiceId);
  if (!deps.pdfRenderer) throw new AppError('unavailable', 'No PDF renderer is configured');
  const files = await ensureInvoiceDocuments({ db: deps.database.db, pdfRenderer: deps.pdfRenderer }, organisationId, invoiceId);
  return { content: files.get(format)!, number: invoice.number! };
}

export const pdf: RouteHandler<typeof routes.downloadPdf, AppEnv> = async (c) => {
  const { content, number } = await file(c.get('deps'), c.get('caller').organisationId, c.req.valid('param').id, 'facturx-pdf');
  return c.body(new Uint8Array(content), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(`${number}.pdf`) }) as never;
};

export const xml: RouteHandler<typeof routes.downloadXml, AppEnv> = async (c) => {
  const syntax = c.req.valid('query').syntax;
  const { content, number } = await file(c.get('deps'), c.get('caller').organisationId, c.req.valid('param').id, syntax);
  const filename = syntax === 'cii' ? 'factur-x.xml' : `${number}-ubl.xml`;
  return c.body(new Uint8Array(content), 200, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': contentDisposition(filename) }) as never;
};

export const getSettings: RouteHandler<typeof routes.getInvoicingSettings, AppEnv> = async (c) =>
  c.json((await findInvoicingSettings(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id)).settings as never, 200);

export const putSettings: RouteHandler<typeof routes.putInvoicingSettings, AppEnv> = async (c) => {
  return c.json((await saveInvoicingSettings(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'))) as never, 200);
};
