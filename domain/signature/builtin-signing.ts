import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { readStoredBytes } from '../../adapters/storage/document-storage.ts';
import { and, eq, isNull } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG } from '../../adapters/email/email-sender.ts';
import { signatureSigners } from '../../db/schema/index.ts';
import { renderEmail } from '../../emails/render-email.ts';
import SignatureCode, { signatureCodeSubject } from '../../emails/signature-code.tsx';
import { findDocumentRow } from '../documents/document-view.ts';
import { AppError } from '../errors.ts';
import { completeSignatureRequest } from './complete-signature-request.ts';
import type { SignatureDeps } from './signature-deps.ts';
import {
  findSignatureRequest,
  hashToken,
  markSignerSigned,
  recordSignatureEvent,
  settleSignatureRequest,
  type SignatureRequestView,
  type SignatureSignerRow,
} from './signature-request.ts';

/** Wrong codes after which the link is locked. */
export const MAX_CODE_FAILURES = 5;
/** How long a one-time code is valid. */
export const CODE_VALID_MINUTES = 10;

/** Where a visitor of a signing link stands. */
export type SigningSession =
  | { state: 'unknown' }
  | { state: 'expired' | 'locked' | 'closed' | 'waiting' | 'signed'; request: SignatureRequestView; signer: SignatureSignerRow }
  | { state: 'open'; request: SignatureRequestView; signer: SignatureSignerRow };

/** Who is at the page: recorded with every event. */
export interface Visitor {
  ip: string | null;
  userAgent: string | null;
}

const codeHash = (signerId: string, code: string) => createHash('sha256').update(`${signerId}:${code}`).digest();

/** Resolves a signing link's secret to its signer and request, and says what the page may offer. */
export async function openSigningSession(deps: Pick<SignatureDeps, 'db'>, token: string, now: Date): Promise<SigningSession> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: 'unknown' };
  const [signer] = await deps.db.select().from(signatureSigners).where(eq(signatureSigners.accessTokenHash, hashToken(token)));
  if (!signer) return { state: 'unknown' };
  const request = await findSignatureRequest(deps.db, signer.organisationId, signer.requestId);
  const current = request.signers.find((s) => s.id === signer.id)!;
  if (current.status === 'signed') return { state: 'signed', request, signer: current };
  if (request.status !== 'ongoing') return { state: 'closed', request, signer: current };
  if (request.expiresAt.getTime() < now.getTime()) return { state: 'expired', request, signer: current };
  if (current.lockedAt) return { state: 'locked', request, signer: current };
  const before = request.signers.filter((s) => s.position < current.position);
  if (before.some((s) => s.status !== 'signed')) return { state: 'waiting', request, signer: current };
  return { state: 'open', request, signer: current };
}

/** The bytes of one document of an open session (the page shows each document before signing). */
export async function readSessionDocument(deps: Pick<SignatureDeps, 'db' | 'storage'>, session: Extract<SigningSession, { request: unknown }>, position: number, visitor: Visitor) {
  const document = session.request.documents.find((d) => d.position === position);
  if (!document) return null;
  const row = await findDocumentRow(deps.db, session.request.organisationId, document.signedDocumentId ?? document.documentId);
  await recordSignatureEvent(deps.db, { organisationId: session.request.organisationId, requestId: session.request.id, signerId: session.signer.id, type: 'document.viewed', ...visitor, data: { document: document.name } });
  return { name: document.name, bytes: await readStoredBytes(deps.storage, row.storageKey) };
}

/**
 * Sends the signer a one-time code: by email, and by SMS through the SMS port when a mobile is known.
 * A new code replaces the previous one.
 */
export async function sendSigningCode(deps: SignatureDeps, session: Extract<SigningSession, { state: 'open' }>, visitor: Visitor, now: Date): Promise<{ channels: ('email' | 'sms')[] }> {
  const { signer, request } = session;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const sent = await recordSignatureEvent(deps.db, { organisationId: request.organisationId, requestId: request.id, signerId: signer.id, type: 'code.sent', ...visitor });
  void sent;
  await deps.db
    .update(signatureSigners)
    .set({ otpHash: codeHash(signer.id, code).toString('hex'), otpExpiresAt: new Date(now.getTime() + CODE_VALID_MINUTES * 60_000), updatedAt: new Date() })
    .where(eq(signatureSigners.id, signer.id));
  const firm = { name: (await firmNameOf(deps, request)) ?? 'Votre cabinet' };
  const email = await renderEmail(createElement(SignatureCode, { firm, signerName: signer.fullName, code, validMinutes: CODE_VALID_MINUTES }));
  const key = `signature-code/${signer.id}/${now.getTime()}`;
  await deps.emailSender.send({
    from: deps.emailFrom,
    to: [signer.email],
    subject: signatureCodeSubject({ firm }),
    ...email,
    tags: { kind: 'signature-code', [ORGANISATION_TAG]: request.organisationId },
    idempotencyKey: key,
  });
  const channels: ('email' | 'sms')[] = ['email'];
  if (signer.mobile && deps.smsSender) {
    await deps.smsSender.send({ to: signer.mobile, body: `Votre code de signature ${firm.name} : ${code} (valable ${CODE_VALID_MINUTES} min).`, idempotencyKey: key });
    channels.push('sms');
  }
  return { channels };
}

async function firmNameOf(deps: SignatureDeps, request: SignatureRequestView): Promise<string | null> {
  const { clients, firms } = await import('../../db/schema/index.ts');
  const [row] = await deps.db.select({ name: firms.name }).from(clients).innerJoin(firms, eq(firms.id, clients.firmId)).where(eq(clients.id, request.clientId));
  return row?.name ?? null;
}

/** What the signer submits on the page. */
export interface SigningSubmission {
  code: string;
  consent: boolean;
  mark: { kind: 'typed'; text: string } | { kind: 'drawn'; dataUrl: string };
}

/**
 * Signs for the signer once the one-time code matches (constant-time) and consent is given: records
 * the signature with time, IP, user agent and the documents' hashes. Each wrong code counts; the
 * fifth locks the link. When the last signer signs, the request is done: the sealed PDF is filed
 * and the subject told.
 */
export async function signWithCode(deps: SignatureDeps, session: Extract<SigningSession, { state: 'open' }>, submission: SigningSubmission, visitor: Visitor, now: Date): Promise<{ outcome: 'signed' | 'wrong_code' | 'locked' | 'expired_code' }> {
  const { signer, request } = session;
  if (!submission.consent) throw AppError.invalid([{ field: 'consent', location: 'body', message: 'Vous devez accepter de signer électroniquement' }]);
  const [current] = await deps.db.select().from(signatureSigners).where(eq(signatureSigners.id, signer.id));
  if (!current?.otpHash || !current.otpExpiresAt) return { outcome: 'expired_code' };
  if (current.otpExpiresAt.getTime() < now.getTime()) return { outcome: 'expired_code' };
  const expected = Buffer.from(current.otpHash, 'hex');
  const given = codeHash(signer.id, submission.code.trim());
  if (!timingSafeEqual(expected, given)) {
    const [updated] = await deps.db
      .update(signatureSigners)
      .set({ otpFailures: current.otpFailures + 1, ...(current.otpFailures + 1 >= MAX_CODE_FAILURES ? { lockedAt: now, otpHash: null } : {}), updatedAt: new Date() })
      .where(and(eq(signatureSigners.id, signer.id), isNull(signatureSigners.lockedAt)))
      .returning();
    await recordSignatureEvent(deps.db, { organisationId: request.organisationId, requestId: request.id, signerId: signer.id, type: 'code.failed', ...visitor });
    if (!updated || updated.lockedAt) {
      await recordSignatureEvent(deps.db, { organisationId: request.organisationId, requestId: request.id, signerId: signer.id, type: 'link.locked', ...visitor });
      return { outcome: 'locked' };
    }
    return { outcome: 'wrong_code' };
  }
  await deps.db.transaction(async (tx) => {
    await tx.update(signatureSigners).set({ otpHash: null, updatedAt: new Date() }).where(eq(signatureSigners.id, signer.id));
    await markSignerSigned(tx, signer.id, now, submission.mark);
    await recordSignatureEvent(tx, {
      organisationId: request.organisationId,
      requestId: request.id,
      signerId: signer.id,
      type: 'signer.signed',
      ...visitor,
      at: now,
      data: { consent: true, mark: submission.mark.kind, documents: request.documents.map((d) => ({ name: d.name, sha256: d.sha256 })) },
    });
    const others = request.signers.filter((s) => s.id !== signer.id);
    if (others.every((s) => s.status === 'signed')) {
      await settleSignatureRequest(tx, request.id, 'done', now);
      await recordSignatureEvent(tx, { organisationId: request.organisationId, requestId: request.id, type: 'request.done', at: now });
    }
  });
  const after = await findSignatureRequest(deps.db, request.organisationId, request.id);
  if (after.status === 'done') await completeSignatureRequest(deps, request.organisationId, request.id);
  else {
    await deps.notifier.progressed(after);
    await deps.inviter(after);
  }
  return { outcome: 'signed' };
}

/** The longest reason a signer may give when declining. */
export const MAX_DECLINE_REASON = 1000;

/**
 * The signer declines to sign (the built-in equivalent of Yousign's `signer.declined`): the signer
 * and the request end `declined` with the reason, the event joins the audit trail with time, IP
 * and user agent, and the subject is told (a mission goes back to validated, its assignee
 * alerted). Idempotent: a request already ended keeps its first status.
 */
export async function declineSigning(deps: SignatureDeps, session: Extract<SigningSession, { state: 'open' }>, reason: string | null, visitor: Visitor, now: Date): Promise<void> {
  const { signer, request } = session;
  const because = reason?.trim().slice(0, MAX_DECLINE_REASON) || null;
  await deps.db.transaction(async (tx) => {
    await tx
      .update(signatureSigners)
      .set({ status: 'declined', updatedAt: new Date() })
      .where(and(eq(signatureSigners.id, signer.id), eq(signatureSigners.status, 'pending')));
    await settleSignatureRequest(tx, request.id, 'declined', now, because ?? 'Refus du signataire');
    await recordSignatureEvent(tx, { organisationId: request.organisationId, requestId: request.id, signerId: signer.id, type: 'signer.declined', ...visitor, at: now, data: { reason: because } });
  });
  const after = await findSignatureRequest(deps.db, request.organisationId, request.id);
  if (after.status === 'declined') await deps.notifier.ended(after, 'declined', after.endReason);
}
