import { randomUUID } from 'node:crypto';
import type { PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import { readStoredBytes, type DocumentStorage } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { findDocumentRow } from '../documents/document-view.ts';
import { AppError } from '../errors.ts';
import { formatFrenchInstant } from '../letters/french-format.ts';
import { latestSignatureRequestOf } from '../signature/signature-request.ts';
import { escapeHtml } from '../templates/text-blocks.ts';
import { assertQuoteCommand, type QuoteAcceptance } from './quote-lifecycle.ts';
import { findQuote, listQuoteEvents, type QuoteView } from './quote-view.ts';

/** The two proofs of a signed quote. */
export type QuoteProofKind = 'signed-pdf' | 'audit-trail';

export interface QuoteProofFile {
  name: string;
  mediaType: 'application/pdf';
  bytes: Uint8Array;
}

/** The ports the proofs are read (or the typed acceptance's audit trail printed) with. */
export interface QuoteProofDeps {
  db: Db;
  storage: DocumentStorage;
  renderer?: PdfRenderer | undefined;
}

/**
 * Keeps the quote PDF the client accepts online with a typed « bon pour accord » (what they saw,
 * options included) in the document storage, under a key of its own (a prospect has no document
 * store), and answers the acceptance's proof fields: the key and the PDF's hash. A repeated click
 * stores another copy; only the acceptance that wins (the first) points at its own.
 */
export async function keepTypedAcceptanceProof(storage: DocumentStorage, quote: QuoteView, pdf: Uint8Array): Promise<Pick<QuoteAcceptance, 'proofKey' | 'documentHash'>> {
  const proofKey = `org/${quote.organisationId}/quotes/${quote.id}/bon-pour-accord-${randomUUID()}.pdf`;
  const stored = await storage.put(proofKey, pdf, { contentType: 'application/pdf' });
  return { proofKey, documentHash: `sha256:${stored.sha256}` };
}

const EVENT_LABELS: Readonly<Record<string, string>> = {
  sent: 'Devis envoyé par email',
  reminded: 'Relance envoyée par email',
  viewed: 'Devis consulté en ligne',
  downloaded: 'PDF du devis téléchargé',
  optional_line_added: 'Option ajoutée par le client',
  accepted: 'Bon pour accord signé en ligne',
};

/** The audit trail of a typed « bon pour accord »: who, when, from where, the hash of the PDF accepted, and the quote's events before. */
async function typedAuditTrailHtml(db: Db, quote: QuoteView, acceptance: QuoteAcceptance): Promise<string> {
  const events = (await listQuoteEvents(db, quote.organisationId, quote.id)).filter((event) => EVENT_LABELS[event.kind]);
  const rows = events.map((event) => `<tr><td>${escapeHtml(formatFrenchInstant(event.occurredAt))}</td><td>${escapeHtml(EVENT_LABELS[event.kind]!)}</td></tr>`).join('');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Piste d’audit</title><style>
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; } h1 { font-size: 16pt; } table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; border-bottom: 1px solid #c9d3df; padding: 4pt; vertical-align: top; } code { font-size: 8pt; word-break: break-all; }</style></head><body>
<h1>Piste d’audit — devis ${escapeHtml(quote.number ?? '')}</h1>
<p>Acceptation en ligne par « bon pour accord » (nom saisi et case cochée sur la page du devis), signature électronique simple.</p>
<table>
<tr><th>Signataire</th><td>${escapeHtml(acceptance.signer)}</td></tr>
<tr><th>Date</th><td>${escapeHtml(formatFrenchInstant(new Date(acceptance.signedAt)))}</td></tr>
<tr><th>Adresse IP</th><td>${escapeHtml(acceptance.ip ?? '—')}</td></tr>
<tr><th>Navigateur</th><td><code>${escapeHtml(acceptance.userAgent ?? '—')}</code></td></tr>
<tr><th>Document accepté</th><td>Devis ${escapeHtml(quote.number ?? '')}.pdf<br><code>${escapeHtml(acceptance.documentHash ?? '')}</code></td></tr>
</table>
<h2>Événements</h2><table><tr><th>Date</th><th>Événement</th></tr>${rows}</table>
</body></html>`;
}

/**
 * A proof of a signed quote for staff: the signed PDF or the audit trail. Signed through the
 * signature module, they are the module's files (built-in: the sealed PDF, whose last pages are
 * the signing certificate and audit trail, serves as both, as for letters; Yousign: its signed
 * document and its audit trail). Accepted with a typed « bon pour accord », the signed PDF is the
 * quote PDF kept at acceptance and the audit trail is printed from the acceptance (signer, time,
 * IP, user agent, the PDF's hash) and the quote's events. 404 for another organisation's quote,
 * 409 `quote_status_conflict` before acceptance, 404 `quote_no_signature_proof` for a quote
 * accepted by staff by hand (no online proof exists).
 */
export async function quoteSignatureProof(deps: QuoteProofDeps, organisationId: string, quoteId: string, kind: QuoteProofKind): Promise<QuoteProofFile> {
  const quote = await findQuote(deps.db, organisationId, quoteId);
  assertQuoteCommand(quote, 'downloadProofs');
  const acceptance = quote.acceptance;
  const name = `Devis ${quote.number} — ${kind === 'signed-pdf' ? 'signé' : 'piste d’audit'}.pdf`;
  const noProof = () => new AppError('not_found', 'The quote was accepted by hand: there is no online signature proof', { reason: 'quote_no_signature_proof' });
  if (!acceptance) throw noProof();
  if (/^(builtin|yousign)\//.test(acceptance.signatureId)) {
    const request = await latestSignatureRequestOf(deps.db, organisationId, { type: 'quote', id: quote.id });
    const signed = request?.status === 'done' ? request.documents.find((d) => d.nature === 'signable_document') : undefined;
    const documentId = kind === 'signed-pdf' ? signed?.signedDocumentId : signed?.auditTrailDocumentId;
    if (!documentId) throw noProof();
    const row = await findDocumentRow(deps.db, organisationId, documentId);
    return { name, mediaType: 'application/pdf', bytes: await readStoredBytes(deps.storage, row.storageKey) };
  }
  if (!acceptance.proofKey) throw noProof();
  if (kind === 'signed-pdf') return { name, mediaType: 'application/pdf', bytes: await readStoredBytes(deps.storage, acceptance.proofKey) };
  if (!deps.renderer) throw new AppError('unavailable', 'PDF rendering is not configured', { reason: 'pdf_unavailable' });
  return { name, mediaType: 'application/pdf', bytes: await deps.renderer.render(await typedAuditTrailHtml(deps.db, quote, acceptance)) };
}
