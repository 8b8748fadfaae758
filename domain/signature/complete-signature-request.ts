import { eq } from 'drizzle-orm';
import { readStoredBytes } from '../../adapters/storage/document-storage.ts';
import { PDFDocument } from 'pdf-lib';
import { signatureDocuments } from '../../db/schema/index.ts';
import { findDocumentRow } from '../documents/document-view.ts';
import { uploadDocument } from '../documents/upload-document.ts';
import type { Actor } from '../history/record-history.ts';
import { formatFrenchInstant } from '../letters/french-format.ts';
import { escapeHtml } from '../templates/text-blocks.ts';
import type { SignatureDeps } from './signature-deps.ts';
import { findSignatureRequest, listSignatureEvents, type SignatureDocumentRow, type SignatureRequestView } from './signature-request.ts';

const EVENT_LABELS: Readonly<Record<string, string>> = {
  'request.created': 'Demande de signature créée',
  'request.sent': 'Invitation envoyée par email',
  'link.opened': 'Lien de signature ouvert',
  'document.viewed': 'Document consulté',
  'code.sent': 'Code à usage unique envoyé',
  'code.failed': 'Code erroné',
  'link.locked': 'Lien verrouillé après cinq codes erronés',
  'signer.signed': 'Signature apposée',
  'request.done': 'Toutes les signatures recueillies',
  'request.reminded': 'Relance envoyée par email',
  'signer.declined': 'Signature refusée',
  'request.expired': 'Délai de signature expiré',
  'request.canceled': 'Demande annulée',
};

const STYLE = `body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #1d1d1f; margin: 0; }
h1 { font-size: 16pt; color: #1f3a5f; } h2 { font-size: 12pt; color: #1f3a5f; margin-top: 16pt; }
table { width: 100%; border-collapse: collapse; } th, td { text-align: left; border-bottom: 1px solid #c9d3df; padding: 4pt; vertical-align: top; }
.mark { font-family: "Liberation Serif", serif; font-style: italic; font-size: 18pt; } .mark img { max-height: 60pt; } code { font-size: 8pt; word-break: break-all; }`;

/**
 * The signing certificate page and the audit trail of a built-in signature (Documenso's approach):
 * each signer with their mark, time, IP and user agent, the sha256 of each document, and every
 * event of the request in order.
 */
async function auditPagesHtml(deps: SignatureDeps, request: SignatureRequestView): Promise<string> {
  const events = await listSignatureEvents(deps.db, request.id);
  const signerName = new Map(request.signers.map((signer) => [signer.id, signer.fullName]));
  const signedEvents = new Map(events.filter((e) => e.type === 'signer.signed' && e.signerId).map((e) => [e.signerId!, e]));
  const signers = request.signers
    .map((signer) => {
      const event = signedEvents.get(signer.id);
      const mark = signer.signatureMark?.kind === 'drawn' ? `<img alt="Signature dessinée" src="${escapeHtml(signer.signatureMark.dataUrl)}">` : escapeHtml(signer.signatureMark?.text ?? '');
      return `<tr><td><strong>${escapeHtml(signer.fullName)}</strong><br>${escapeHtml(signer.email)}</td><td class="mark">${mark}</td><td>${signer.signedAt ? escapeHtml(formatFrenchInstant(signer.signedAt)) : '—'}<br>IP ${escapeHtml(event?.ip ?? '—')}<br><code>${escapeHtml(event?.userAgent ?? '')}</code></td></tr>`;
    })
    .join('');
  const documents = request.documents.map((d) => `<tr><td>${escapeHtml(d.name)}</td><td>${d.nature === 'signable_document' ? 'à signer' : 'annexe'}</td><td><code>sha256:${escapeHtml(d.sha256)}</code></td></tr>`).join('');
  const trail = events
    .map((e) => `<tr><td>${escapeHtml(formatFrenchInstant(e.at))}</td><td>${escapeHtml(EVENT_LABELS[e.type] ?? e.type)}</td><td>${escapeHtml(e.signerId ? (signerName.get(e.signerId) ?? '') : '')}</td><td>${escapeHtml(e.ip ?? '')}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Certificat de signature</title><style>${STYLE}</style></head><body>
<h1>Certificat de signature</h1>
<p>Demande ${escapeHtml(request.id)} — signature électronique ${request.level === 'advanced' ? 'avancée' : 'simple'} avec code à usage unique, scellée par le cachet de l’installation.</p>
<h2>Signataires</h2><table><tr><th>Signataire</th><th>Signature</th><th>Horodatage</th></tr>${signers}</table>
<h2>Documents</h2><table><tr><th>Document</th><th>Nature</th><th>Empreinte</th></tr>${documents}</table>
<h2>Piste d’audit</h2><table><tr><th>Date</th><th>Événement</th><th>Signataire</th><th>IP</th></tr>${trail}</table>
</body></html>`;
}

async function readStored(deps: SignatureDeps, organisationId: string, documentId: string): Promise<{ bytes: Uint8Array; folderId: string; clientId: string }> {
  const row = await findDocumentRow(deps.db, organisationId, documentId);
  return { bytes: await readStoredBytes(deps.storage, row.storageKey), folderId: row.folderId, clientId: row.clientId };
}

/** The built-in signed PDF: the letter, then the certificate and audit pages, sealed (PAdES) with the installation's certificate. */
export async function buildSealedPdf(deps: SignatureDeps, request: SignatureRequestView, original: Uint8Array): Promise<Uint8Array> {
  const audit = await deps.renderer.render(await auditPagesHtml(deps, request));
  const merged = await PDFDocument.load(original);
  const auditDocument = await PDFDocument.load(audit);
  for (const page of await merged.copyPages(auditDocument, auditDocument.getPageIndices())) merged.addPage(page);
  return deps.seal.seal(await merged.save(), { reason: request.subjectType === 'quote' ? 'Signature du devis' : 'Signature de la lettre de mission', name: deps.seal.commonName, location: 'France', signingTime: request.completedAt ?? new Date() });
}

const baseName = (name: string) => name.replace(/\.pdf$/i, '');

/** Files the signed PDF (and the provider's audit trail) next to the original, once (the row is locked). */
async function fileSigned(deps: SignatureDeps, request: SignatureRequestView, document: SignatureDocumentRow, signed: Uint8Array, audit: Uint8Array | null): Promise<void> {
  const actor: Actor = { kind: 'system', organisationId: request.organisationId, label: request.method === 'yousign' ? 'Yousign' : 'Signature intégrée' };
  const source = await findDocumentRow(deps.db, request.organisationId, document.documentId);
  await deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(signatureDocuments).where(eq(signatureDocuments.id, document.id)).for('update');
    if (!locked || locked.signedDocumentId) return;
    const signedDoc = await uploadDocument(tx, deps.storage, actor, { clientId: source.clientId, folderId: source.folderId, name: `${baseName(document.name)} — signée.pdf`, mediaType: 'application/pdf', body: signed });
    const auditDoc = audit
      ? await uploadDocument(tx, deps.storage, actor, { clientId: source.clientId, folderId: source.folderId, name: `${baseName(document.name)} — piste d’audit.pdf`, mediaType: 'application/pdf', body: audit })
      : signedDoc;
    await tx.update(signatureDocuments).set({ signedDocumentId: signedDoc.id, auditTrailDocumentId: auditDoc.id }).where(eq(signatureDocuments.id, document.id));
  });
}

/**
 * Finishes a done request, idempotently: files the signed PDF (downloaded from Yousign with its
 * audit trail, or built and sealed here) into the client's folder next to the original, then tells
 * the subject it is signed. Safe to call after every event and every retry.
 */
export async function completeSignatureRequest(deps: SignatureDeps, organisationId: string, requestId: string): Promise<void> {
  let request = await findSignatureRequest(deps.db, organisationId, requestId);
  if (request.status !== 'done') return;
  for (const document of request.documents.filter((d) => d.nature === 'signable_document' && !d.signedDocumentId)) {
    if (request.method === 'yousign') {
      if (!deps.yousign || !request.providerRequestId || !document.providerDocumentId) throw new Error('Yousign is not configured to download a signed document');
      const signed = await deps.yousign.downloadDocument(request.providerRequestId, document.providerDocumentId);
      const audit = await deps.yousign.downloadAuditTrail(request.providerRequestId);
      await fileSigned(deps, request, document, signed, audit);
    } else if (request.method === 'builtin') {
      const original = await readStored(deps, organisationId, document.documentId);
      await fileSigned(deps, request, document, await buildSealedPdf(deps, request, original.bytes), null);
    }
  }
  request = await findSignatureRequest(deps.db, organisationId, requestId);
  const signable = request.documents.find((d) => d.nature === 'signable_document');
  const signedRow = signable?.signedDocumentId ? await findDocumentRow(deps.db, organisationId, signable.signedDocumentId) : null;
  const client = request.signers.find((s) => s.role === 'client') ?? request.signers[0]!;
  const lastSignedAt = request.signers.map((s) => s.signedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
  await deps.notifier.signed(request, {
    signatureId: `${request.method}/${request.id}`,
    signer: client.fullName,
    signedAt: new Date(lastSignedAt || (request.completedAt ?? new Date()).getTime()).toISOString(),
    documentHash: `sha256:${signedRow?.sha256 ?? signable?.sha256 ?? ''}`,
    level: request.level,
  });
}
