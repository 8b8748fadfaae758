import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  signatureDocuments,
  signatureEvents,
  signatureRequests,
  signatureSigners,
  type SignatureMethod,
  type SignatureRequestStatus,
} from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { SignatureProgress } from './signature-progress.ts';

/**
 * Signature requests, whatever signs them (manual, Yousign, the built-in page) and whatever they
 * sign (a mission's letter today, a quote tomorrow): signers in order, documents with their hashes,
 * a status per signer, and an append-only list of events that doubles as the audit trail.
 */
export type SignatureRequestRow = typeof signatureRequests.$inferSelect;
export type SignatureSignerRow = typeof signatureSigners.$inferSelect;
export type SignatureDocumentRow = typeof signatureDocuments.$inferSelect;
export type SignatureEventRow = typeof signatureEvents.$inferSelect;

export interface SignatureRequestView extends SignatureRequestRow {
  signers: SignatureSignerRow[];
  documents: SignatureDocumentRow[];
}

/** What a subject (a mission, a quote) asks to have signed. */
export interface OpenSignatureRequestInput {
  clientId: string;
  subject: { type: 'mission' | 'quote'; id: string };
  /** Same key, same request: a retried "send for signature" finds the one it opened. */
  idempotencyKey: string;
  method: SignatureMethod;
  level: 'simple' | 'advanced';
  expiresAt: Date;
  reminderIntervalDays: number;
  signers: { role: 'client' | 'firm'; fullName: string; email: string; mobile?: string | null | undefined }[];
  documents: { documentId: string; nature: 'signable_document' | 'attachment'; name: string; sha256: string }[];
}

export async function findSignatureRequest(db: Db, organisationId: string, requestId: string): Promise<SignatureRequestView> {
  const [request] = await db.select().from(signatureRequests).where(and(eq(signatureRequests.organisationId, organisationId), eq(signatureRequests.id, requestId)));
  if (!request) throw AppError.notFound('Signature request');
  return withParts(db, request);
}

async function withParts(db: Db, request: SignatureRequestRow): Promise<SignatureRequestView> {
  const [signers, documents] = await Promise.all([
    db.select().from(signatureSigners).where(eq(signatureSigners.requestId, request.id)).orderBy(asc(signatureSigners.position)),
    db.select().from(signatureDocuments).where(eq(signatureDocuments.requestId, request.id)).orderBy(asc(signatureDocuments.position)),
  ]);
  return { ...request, signers, documents };
}

/** Where a request stands, as its subject's workflow is told (signal) and shows it (query). */
export function signatureProgressOf(request: SignatureRequestView): SignatureProgress {
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return {
    requestId: request.id,
    method: request.method,
    status: request.status,
    endReason: request.endReason,
    sentAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    endedAt: request.status === 'ongoing' || request.status === 'done' ? null : iso(request.completedAt),
    reminderIntervalDays: request.reminderIntervalDays,
    signers: request.signers.map((signer) => ({
      signerId: signer.id,
      role: signer.role,
      fullName: signer.fullName,
      status: signer.status,
      signedAt: iso(signer.signedAt),
      declinedAt: signer.status === 'declined' ? iso(request.completedAt ?? signer.updatedAt) : null,
      lastRemindedAt: iso(signer.lastRemindedAt),
    })),
  };
}

/** What a signature request is about: a mission's letter or a quote. */
export interface SignatureSubject {
  type: 'mission' | 'quote';
  id: string;
}

/** The condition "a request of this subject, in this organisation". */
export function requestsOf(organisationId: string, subject: SignatureSubject) {
  return and(eq(signatureRequests.organisationId, organisationId), eq(signatureRequests.subjectType, subject.type), eq(signatureRequests.subjectId, subject.id));
}

/** The latest request of a subject, or null. */
export async function latestSignatureRequestOf(db: Db, organisationId: string, subject: SignatureSubject): Promise<SignatureRequestView | null> {
  const rows = await db.select().from(signatureRequests).where(requestsOf(organisationId, subject));
  const latest = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  return latest ? withParts(db, latest) : null;
}

/** Finds a request by its provider's id (webhooks correlate on it). */
export async function findRequestByProviderId(db: Db, method: SignatureMethod, providerRequestId: string): Promise<SignatureRequestView | null> {
  const [request] = await db.select().from(signatureRequests).where(and(eq(signatureRequests.method, method), eq(signatureRequests.providerRequestId, providerRequestId)));
  return request ? withParts(db, request) : null;
}

/**
 * Opens a signature request with its signers and documents, once per idempotency key: a retry
 * returns the request opened the first time (`created: false`).
 */
export async function openSignatureRequest(db: Db, actor: Actor, input: OpenSignatureRequestInput): Promise<{ request: SignatureRequestView; created: boolean }> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .insert(signatureRequests)
      .values({
        organisationId: actor.organisationId,
        clientId: input.clientId,
        subjectType: input.subject.type,
        subjectId: input.subject.id,
        idempotencyKey: input.idempotencyKey,
        method: input.method,
        level: input.level,
        expiresAt: input.expiresAt,
        reminderIntervalDays: input.reminderIntervalDays,
      })
      .onConflictDoNothing()
      .returning();
    if (!request) {
      const [existing] = await tx
        .select()
        .from(signatureRequests)
        .where(and(eq(signatureRequests.organisationId, actor.organisationId), eq(signatureRequests.idempotencyKey, input.idempotencyKey)));
      return { request: await withParts(tx, existing!), created: false };
    }
    await tx.insert(signatureSigners).values(input.signers.map((signer, index) => ({ ...signer, mobile: signer.mobile ?? null, organisationId: actor.organisationId, requestId: request.id, position: index + 1 })));
    await tx.insert(signatureDocuments).values(input.documents.map((document, index) => ({ ...document, organisationId: actor.organisationId, requestId: request.id, position: index + 1 })));
    await tx.insert(signatureEvents).values({ organisationId: actor.organisationId, requestId: request.id, type: 'request.created', data: { method: input.method, level: input.level, by: actor.label } });
    await recordHistory(tx, actor, { type: 'signature_request', id: request.id }, { action: 'create', after: request });
    return { request: await withParts(tx, request), created: true };
  });
}

/** Records the provider's ids once it accepted the request. */
export async function recordProviderIds(db: Db, requestId: string, ids: { requestId: string; signers: Record<string, string>; documents: Record<string, string> }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(signatureRequests).set({ providerRequestId: ids.requestId, updatedAt: new Date() }).where(eq(signatureRequests.id, requestId));
    for (const [signerId, providerId] of Object.entries(ids.signers)) await tx.update(signatureSigners).set({ providerSignerId: providerId }).where(eq(signatureSigners.id, signerId));
    for (const [documentId, providerId] of Object.entries(ids.documents)) await tx.update(signatureDocuments).set({ providerDocumentId: providerId }).where(eq(signatureDocuments.id, documentId));
  });
}

/** One event of a request (the audit trail). `providerEventId` deduplicates: the same id twice is recorded once. */
export interface SignatureEventInput {
  organisationId: string;
  requestId: string;
  signerId?: string | null | undefined;
  type: string;
  providerEventId?: string | undefined;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  data?: Record<string, unknown> | undefined;
  at?: Date | undefined;
}

/** Appends an event; false when its provider id was already recorded (a retried webhook). */
export async function recordSignatureEvent(db: Db, event: SignatureEventInput): Promise<boolean> {
  const rows = await db
    .insert(signatureEvents)
    .values({
      organisationId: event.organisationId,
      requestId: event.requestId,
      signerId: event.signerId ?? null,
      type: event.type,
      providerEventId: event.providerEventId ?? null,
      ip: event.ip ?? null,
      userAgent: event.userAgent ?? null,
      data: event.data ?? {},
      ...(event.at ? { at: event.at } : {}),
    })
    .onConflictDoNothing()
    .returning({ id: signatureEvents.id });
  return rows.length > 0;
}

export async function listSignatureEvents(db: Db, requestId: string): Promise<SignatureEventRow[]> {
  return db.select().from(signatureEvents).where(eq(signatureEvents.requestId, requestId)).orderBy(asc(signatureEvents.at), asc(signatureEvents.id));
}

/** Marks a signer as signed (idempotent: the first signing time stays). */
export async function markSignerSigned(db: Db, signerId: string, at: Date, mark?: SignatureSignerRow['signatureMark']): Promise<void> {
  const [signer] = await db.select().from(signatureSigners).where(eq(signatureSigners.id, signerId));
  if (!signer || signer.status === 'signed') return;
  await db.update(signatureSigners).set({ status: 'signed', signedAt: at, ...(mark ? { signatureMark: mark } : {}), updatedAt: new Date() }).where(eq(signatureSigners.id, signerId));
}

/**
 * Moves an ongoing request to a final status (done, declined, expired, canceled); a request
 * already final keeps its status (events may arrive in any order). Returns the request.
 */
export async function settleSignatureRequest(db: Db, requestId: string, status: Exclude<SignatureRequestStatus, 'ongoing'>, at: Date, reason?: string | null): Promise<SignatureRequestRow> {
  const [updated] = await db
    .update(signatureRequests)
    .set({ status, completedAt: at, endReason: reason ?? null, updatedAt: new Date() })
    .where(and(eq(signatureRequests.id, requestId), eq(signatureRequests.status, 'ongoing')))
    .returning();
  if (updated) return updated;
  const [current] = await db.select().from(signatureRequests).where(eq(signatureRequests.id, requestId));
  return current!;
}

/**
 * Cancels the subject's ongoing requests, with the reason and a `request.canceled` event each: the
 * quote was answered otherwise or withdrawn, the mission deleted or cancelled unsigned. Called in
 * the subject's own transaction: its signing pages close at once, and a signature arriving later
 * is not applied. A Yousign request is withdrawn at Yousign afterwards (cancel-at-provider.ts).
 */
export async function cancelOngoingSignatureRequests(db: Db, organisationId: string, subject: SignatureSubject, reason: string, at: Date): Promise<void> {
  const ongoing = await db
    .select({ id: signatureRequests.id })
    .from(signatureRequests)
    .where(and(requestsOf(organisationId, subject), eq(signatureRequests.status, 'ongoing')));
  for (const request of ongoing) {
    await settleSignatureRequest(db, request.id, 'canceled', at, reason);
    await recordSignatureEvent(db, { organisationId, requestId: request.id, type: 'request.canceled', at, data: { reason } });
  }
}

// ---- client-facing links ----------------------------------------------------------------------

const b64url = (buffer: Buffer) => buffer.toString('base64url');

/** The secret of a signer's built-in signing link: derived from the installation's key, so resending the email gives the same link. */
export function signerAccessToken(linkSecret: Uint8Array, signerId: string): string {
  return b64url(createHmac('sha256', linkSecret).update(`signer:${signerId}`).digest());
}

/** What the database keeps of a link's secret. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A link to one document of a request that works without a login (manual signature): the
 * document id and an expiry, signed with the installation's key (HMAC-SHA256). Unguessable, and
 * useless after `expiresAt`.
 */
export function documentLinkToken(linkSecret: Uint8Array, signatureDocumentId: string, expiresAt: Date): string {
  const payload = b64url(Buffer.from(JSON.stringify({ d: signatureDocumentId, e: Math.floor(expiresAt.getTime() / 1000) })));
  const mac = b64url(createHmac('sha256', linkSecret).update(`document:${payload}`).digest());
  return `${payload}.${mac}`;
}

/** Checks a document link: `forged` (bad MAC or shape), `expired`, or the document id. Constant-time on the MAC. */
export function verifyDocumentLinkToken(linkSecret: Uint8Array, token: string, now: Date): { ok: true; signatureDocumentId: string } | { ok: false; reason: 'forged' | 'expired' } {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return { ok: false, reason: 'forged' };
  const expected = createHmac('sha256', linkSecret).update(`document:${payload}`).digest();
  const given = Buffer.from(mac, 'base64url');
  // Non-canonical base64url (other trailing bits decoding to the same bytes) is refused too: one link, one spelling.
  if (given.length !== expected.length || given.toString('base64url') !== mac || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let parsed: { d?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { d?: unknown; e?: unknown };
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (typeof parsed.d !== 'string' || typeof parsed.e !== 'number') return { ok: false, reason: 'forged' };
  if (parsed.e * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, signatureDocumentId: parsed.d };
}
