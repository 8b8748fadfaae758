import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documentFolders, quoteEvents, signatureSigners } from '../../db/schema/index.ts';
import { addDays } from '../calendar/iso-date.ts';
import { startOfBusinessDay } from '../calendar/paris-time.ts';
import { uploadDocument } from '../documents/upload-document.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { SMART_ANCHORS } from '../letters/render-letter.ts';
import { getFirmSignatureSettings } from '../signature/firm-signature-settings.ts';
import type { SignatureDeps } from '../signature/signature-deps.ts';
import { hashToken, latestSignatureRequestOf, openSignatureRequest, signerAccessToken, type SignatureRequestView } from '../signature/signature-request.ts';
import { launchOnYousign } from '../signature/yousign-signature.ts';
import { clientOfQuote } from './accepted-quote.ts';
import { assertQuoteCommand } from './quote-lifecycle.ts';
import { findQuoteAccount, listAccountContacts } from './quote-parties.ts';
import { findQuoteSettings } from './quote-settings.ts';
import { renderQuoteHtml } from './render-quote-html.ts';
import type { QuoteView } from './quote-view.ts';

/** The client's folder, shared with the client (their portal), where a quote signed online is filed with its signed copy. */
export const SIGNED_QUOTES_FOLDER = 'Devis signés';

/**
 * How the client signs a sent quote online: `electronic` through the signature module (built-in
 * one-time-code page, or Yousign when configured) when the firm enabled e-signature and the last
 * email asked for it (staff may untick it per send or reminder), and the quote's account is a
 * client — the module files the signed PDF in the client's document store, which a prospect not
 * yet converted does not have; otherwise `typed`, the "bon pour accord" with name and consent.
 */
export async function quoteSignatureWay(db: Db, quote: QuoteView): Promise<'electronic' | 'typed'> {
  const settings = await findQuoteSettings(db, quote.organisationId, quote.firmId);
  if (!settings.eSignatureEnabled) return 'typed';
  const [last] = await db
    .select({ detail: quoteEvents.detail })
    .from(quoteEvents)
    .where(and(eq(quoteEvents.quoteId, quote.id), inArray(quoteEvents.kind, ['sent', 'reminded'])))
    .orderBy(desc(quoteEvents.occurredAt))
    .limit(1);
  if (last && last.detail['signatureRequested'] === false) return 'typed';
  try {
    await clientOfQuote(db, quote);
  } catch {
    return 'typed';
  }
  return 'electronic';
}

/** The quote's signature request still open, if any (the online page then freezes the options). */
export async function ongoingQuoteSignature(db: Db, quote: QuoteView): Promise<SignatureRequestView | null> {
  const latest = await latestSignatureRequestOf(db, quote.organisationId, { type: 'quote', id: quote.id });
  return latest?.status === 'ongoing' ? latest : null;
}

/** The "Devis signés" folder of the client, created (shared with the client) the first time. */
async function signedQuotesFolder(db: Db, actor: Actor, clientId: string): Promise<string> {
  const where = and(eq(documentFolders.clientId, clientId), isNull(documentFolders.parentId), eq(documentFolders.name, SIGNED_QUOTES_FOLDER));
  const [created] = await db.insert(documentFolders).values({ organisationId: actor.organisationId, clientId, name: SIGNED_QUOTES_FOLDER, sharedWithClient: true }).onConflictDoNothing().returning();
  if (created) await recordHistory(db, actor, { type: 'document_folder', id: created.id }, { action: 'create', after: created });
  const [folder] = await db.select({ id: documentFolders.id }).from(documentFolders).where(where);
  return folder!.id;
}

/**
 * The client presses « Signer » on the online quote: opens (or finds) the quote's signature
 * request in the signature module — subject `{ type: 'quote', id }`, one signer (the quote's
 * contact, else the account's first contact with an email), the quote's PDF as it stands (options
 * chosen included) filed in the client's shared "Devis signés" folder — and answers where to sign: the
 * built-in page's path (`/signature/<secret>`), or null with Yousign (which emails the signer).
 * Idempotent: while a request is ongoing the same one is answered; one that ended without
 * signature (declined, expired, canceled) makes room for a new one. The request expires with the
 * quote (or sooner, after the firm's signature delay). Its completion reaches the quote's
 * workflow as the signature signal (adapters/temporal/quote-commands.ts `quoteSignatureNotifier`).
 */
export async function signQuoteOnline(deps: SignatureDeps, quote: QuoteView, now: Date): Promise<{ request: SignatureRequestView; signPath: string | null }> {
  const { db } = deps;
  assertQuoteCommand(quote, 'accept');
  if ((await quoteSignatureWay(db, quote)) !== 'electronic') {
    throw new AppError('precondition_failed', 'This quote is accepted with a typed « bon pour accord », not an e-signature', { reason: 'quote_signature_not_electronic' });
  }
  const actor: Actor = { kind: 'system', organisationId: quote.organisationId, label: 'Client (devis en ligne)' };
  const method = deps.yousign ? 'yousign' : 'builtin';
  const previous = await latestSignatureRequestOf(db, quote.organisationId, { type: 'quote', id: quote.id });
  let request: SignatureRequestView;
  if (previous?.status === 'ongoing' && previous.method === method) {
    request = previous;
  } else {
    const clientId = await clientOfQuote(db, quote);
    const account = await findQuoteAccount(db, quote.organisationId, quote.accountKind, (quote.clientId ?? quote.prospectId)!, { in: 'path', entity: 'Quote' });
    const contacts = (await listAccountContacts(db, account)).filter((contact) => contact.email);
    const contact = contacts.find((candidate) => candidate.id === quote.contactId) ?? contacts[0];
    if (!contact) throw new AppError('precondition_failed', 'The quote has no contact with an email address to sign it', { reason: 'quote_no_recipient' });
    const html = await renderQuoteHtml(db, quote.organisationId, quote.id, { signatureAnchor: method === 'yousign' ? SMART_ANCHORS.client : undefined });
    const folderId = await signedQuotesFolder(db, actor, clientId);
    const pdf = await uploadDocument(db, deps.storage, actor, { clientId, folderId, name: `Devis ${quote.number}.pdf`, mediaType: 'application/pdf', body: await deps.renderer.render(html) });
    const settings = await getFirmSignatureSettings(db, quote.organisationId, quote.firmId);
    const quoteExpiry = Date.parse(startOfBusinessDay(addDays(quote.validUntil, 1)));
    ({ request } = await openSignatureRequest(db, actor, {
      clientId,
      subject: { type: 'quote', id: quote.id },
      idempotencyKey: `quote/${quote.id}/${method}/after/${previous?.id ?? 'none'}`,
      method,
      level: 'simple',
      expiresAt: new Date(Math.min(quoteExpiry, now.getTime() + settings.expiresInDays * 86_400_000)),
      reminderIntervalDays: settings.reminderIntervalDays,
      signers: [{ role: 'client', fullName: `${contact.firstName} ${contact.lastName}`, email: contact.email!, mobile: contact.mobile }],
      documents: [{ documentId: pdf.id, nature: 'signable_document', name: pdf.name, sha256: pdf.sha256 }],
    }));
  }
  if (method === 'yousign') return { request: await launchOnYousign(deps, request, `Devis ${quote.number}`), signPath: null };
  const signer = request.signers[0]!;
  const token = signerAccessToken(deps.seal.linkSecret, signer.id);
  if (!signer.accessTokenHash) await db.update(signatureSigners).set({ accessTokenHash: hashToken(token) }).where(eq(signatureSigners.id, signer.id));
  return { request, signPath: `/signature/${token}` };
}
