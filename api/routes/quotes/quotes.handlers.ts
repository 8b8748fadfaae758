import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { assertAdmin } from '../../../domain/auth/authenticate-token.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { createQuote, type QuoteEntry } from '../../../domain/quotes/create-quote.ts';
import { duplicateQuote } from '../../../domain/quotes/duplicate-quote.ts';
import { createInvoiceFromQuote } from '../../../domain/quotes/create-invoice-from-quote.ts';
import { createTaskFromQuote } from '../../../domain/quotes/create-task-from-quote.ts';
import { createSalesOrderFromQuote } from '../../../domain/quotes/create-sales-order-from-quote.ts';
import { findQuoteSettings, saveQuoteSettings } from '../../../domain/quotes/quote-settings.ts';
import { findQuote, listQuoteEvents, listQuotes } from '../../../domain/quotes/quote-view.ts';
import { updateQuote } from '../../../domain/quotes/update-quote.ts';
import { quoteSignatureProof, type QuoteProofKind } from '../../../domain/quotes/quote-proofs.ts';
import { AppError } from '../../../domain/errors.ts';
import type { AppEnv } from '../../context.ts';
import { fileResponse } from '../../file-response.ts';
import { queryQuoteWorkflow, remindQuote, sendQuote, transitionQuoteCommand } from '../../../adapters/temporal/quote-commands.ts';
import { commandDeps, db, nowOf, pdfOf, sendDepsOf } from './quote-deps.ts';
import type * as routes from './quotes.routes.ts';

type Handler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

async function created(c: Parameters<Handler<typeof routes.createQuote>>[0], entry: QuoteEntry) {
  return c.json((await createQuote(db(c), actorOf(c.get('caller')), entry, await nowOf(c))) as never, 201);
}

export const list: Handler<typeof routes.listQuotes> = async (c) => c.json((await listQuotes(db(c), c.get('caller').organisationId, c.req.valid('query'))) as never, 200);

export const create: Handler<typeof routes.createQuote> = async (c) => created(c, { from: 'list', input: c.req.valid('json') });

export const createForClient: Handler<typeof routes.createClientQuote> = async (c) =>
  created(c as never, { from: 'account', account: { kind: 'client', id: c.req.valid('param').id }, input: c.req.valid('json') });

export const createForProspect: Handler<typeof routes.createProspectQuote> = async (c) =>
  created(c as never, { from: 'account', account: { kind: 'prospect', id: c.req.valid('param').id }, input: c.req.valid('json') });

export const createForFile: Handler<typeof routes.createFileQuote> = async (c) => created(c as never, { from: 'prospect_file', fileId: c.req.valid('param').id, input: c.req.valid('json') });

export const createForClientContact: Handler<typeof routes.createClientContactQuote> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  return created(c as never, { from: 'contact', contact: { kind: 'client', clientId: id, contactId }, input: c.req.valid('json') });
};

export const createForProspectContact: Handler<typeof routes.createProspectContactQuote> = async (c) =>
  created(c as never, { from: 'contact', contact: { kind: 'prospect', contactId: c.req.valid('param').id }, input: c.req.valid('json') });

export const get: Handler<typeof routes.getQuote> = async (c) => c.json((await findQuote(db(c), c.get('caller').organisationId, c.req.valid('param').id)) as never, 200);

export const update: Handler<typeof routes.updateQuote> = async (c) =>
  c.json((await updateQuote(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'))) as never, 200);

export const history: Handler<typeof routes.getQuoteHistory> = async (c) =>
  c.json({ items: await listQuoteEvents(db(c), c.get('caller').organisationId, c.req.valid('param').id) } as never, 200);

export const duplicate: Handler<typeof routes.duplicateQuote> = async (c) =>
  c.json((await duplicateQuote(db(c), actorOf(c.get('caller')), c.req.valid('param').id, await nowOf(c))) as never, 201);

export const send: Handler<typeof routes.sendQuote> = async (c) =>
  c.json((await sendQuote(await sendDepsOf(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json') ?? {}, { now: await nowOf(c) })) as never, 200);

export const remind: Handler<typeof routes.remindQuote> = async (c) => {
  const key = c.req.valid('header')['idempotency-key'];
  return c.json((await remindQuote(await sendDepsOf(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json') ?? {}, { now: await nowOf(c), ...(key ? { key } : {}) })) as never, 200);
};

export const pdf: Handler<typeof routes.downloadQuotePdf> = async (c) => {
  const quote = await findQuote(db(c), c.get('caller').organisationId, c.req.valid('param').id);
  const bytes = await pdfOf(c.get('deps'))(quote.organisationId, quote.id);
  return fileResponse(c, { name: `Devis ${quote.number ?? 'brouillon'}.pdf`, mediaType: 'application/pdf', size: bytes.byteLength }, bytes) as never;
};

async function proof(c: Parameters<Handler<typeof routes.downloadQuoteSignedPdf>>[0], kind: QuoteProofKind) {
  const deps = c.get('deps');
  if (!deps.documentStorage) throw new AppError('unavailable', 'The document storage is not configured', { reason: 'storage_unavailable' });
  const file = await quoteSignatureProof({ db: db(c), storage: deps.documentStorage, renderer: deps.pdfRenderer }, c.get('caller').organisationId, c.req.valid('param').id, kind);
  return fileResponse(c, { name: file.name, mediaType: file.mediaType, size: file.bytes.byteLength }, file.bytes) as never;
}

export const signedPdf: Handler<typeof routes.downloadQuoteSignedPdf> = async (c) => proof(c, 'signed-pdf');

export const auditTrail: Handler<typeof routes.downloadQuoteAuditTrail> = async (c) => proof(c as never, 'audit-trail');

export const cancel: Handler<typeof routes.cancelQuote> = async (c) =>
  c.json((await transitionQuoteCommand(commandDeps(c), actorOf(c.get('caller')), c.req.valid('param').id, { command: 'cancel' })) as never, 200);

export const decline: Handler<typeof routes.declineQuote> = async (c) =>
  c.json((await transitionQuoteCommand(commandDeps(c), actorOf(c.get('caller')), c.req.valid('param').id, { command: 'decline', reason: c.req.valid('json').reason })) as never, 200);

export const accept: Handler<typeof routes.acceptQuote> = async (c) => {
  const caller = c.get('caller');
  const { signer, signedAt } = c.req.valid('json');
  const acceptance = { level: 'manual' as const, signer, signedAt: signedAt ?? (await nowOf(c)).toISOString(), signatureId: `manual/${caller.userId}/${c.req.valid('param').id}` };
  return c.json((await transitionQuoteCommand(commandDeps(c), actorOf(caller), c.req.valid('param').id, { command: 'accept', acceptance })) as never, 200);
};

export const getSettings: Handler<typeof routes.getQuoteSettings> = async (c) =>
  c.json((await findQuoteSettings(db(c), c.get('caller').organisationId, c.req.valid('param').id)) as never, 200);

export const putSettings: Handler<typeof routes.putQuoteSettings> = async (c) => {
  assertAdmin(c.get('caller'));
  return c.json((await saveQuoteSettings(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'))) as never, 200);
};

export const state: Handler<typeof routes.getQuoteState> = async (c) => {
  const quote = await findQuote(db(c), c.get('caller').organisationId, c.req.valid('param').id);
  return c.json((await queryQuoteWorkflow(commandDeps(c), quote)) as never, 200);
};

export const salesOrder: Handler<typeof routes.createQuoteSalesOrder> = async (c) =>
  c.json((await createSalesOrderFromQuote(db(c), actorOf(c.get('caller')), c.req.valid('param').id, await nowOf(c))) as never, 201);

export const invoice: Handler<typeof routes.createQuoteInvoice> = async (c) => c.json((await createInvoiceFromQuote(db(c), actorOf(c.get('caller')), c.req.valid('param').id)) as never, 201);

export const task: Handler<typeof routes.createQuoteTask> = async (c) =>
  c.json((await createTaskFromQuote(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'))) as never, 201);
