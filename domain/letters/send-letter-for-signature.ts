import { and, eq, inArray } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG } from '../../adapters/email/email-sender.ts';
import { normalizeFrenchMobile } from '../../adapters/sms/sms-sender.ts';
import { clientContacts, documents, missionLetters, signatureSigners, users } from '../../db/schema/index.ts';
import { renderEmail } from '../../emails/render-email.ts';
import MissionLetterForSignature, { missionLetterForSignatureSubject } from '../../emails/mission-letter-for-signature.tsx';
import { assertAmlIdentified } from '../aml/client-aml.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import type { Actor } from '../history/record-history.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { findMission } from '../missions/mission-view.ts';
import { getFirmSignatureSettings } from '../signature/firm-signature-settings.ts';
import { launchOnYousign } from '../signature/yousign-signature.ts';
import type { SignatureDeps } from '../signature/signature-deps.ts';
import {
  documentLinkToken,
  hashToken,
  latestSignatureRequestOf,
  openSignatureRequest,
  recordSignatureEvent,
  signerAccessToken,
  type SignatureRequestView,
} from '../signature/signature-request.ts';
import { missionLetterData } from './build-letter-scope.ts';
import { formatFrenchDate } from './french-format.ts';

/** How a letter is signed: by hand (emailed links), or electronically (Yousign when configured, otherwise the built-in page). */
export type LetterSignatureWay = 'manual' | 'electronic';

/** What "send for signature" answers: the request and, for the manual way, the email to copy into the firm's own mailbox. */
export interface LetterSignatureOutcome {
  request: SignatureRequestView;
  copyPaste: { subject: string; text: string; html: string } | null;
}

/**
 * Sends a validated mission's frozen letter for signature (seed 000 step 5). Refused while the
 * client's AML identification is not current (naming each missing item), when the letter is not
 * frozen, or when an email or a mobile needed by the level is missing or invalid (seed 000's
 * warning: checked before launching). The signers are the client's representative, then the
 * firm's; the documents the letter and its attachments (FIL…). Idempotent per frozen letter.
 */
export async function sendLetterForSignature(deps: SignatureDeps, actor: Actor, missionId: string, way: LetterSignatureWay, options: { level?: 'simple' | 'advanced'; now?: Date } = {}): Promise<LetterSignatureOutcome> {
  const now = options.now ?? new Date();
  const { db } = deps;
  const mission = await findMission(db, actor.organisationId, missionId);
  if (!['validated', 'awaiting_signature'].includes(mission.status)) throw new AppError('conflict', `The mission is ${mission.status.replace('_', ' ')}; its letter cannot be sent for signature`, { status: mission.status });
  const [letter] = await db.select().from(missionLetters).where(and(eq(missionLetters.organisationId, actor.organisationId), eq(missionLetters.missionId, missionId)));
  if (!letter?.frozenAt || !letter.documentId) throw new AppError('precondition_failed', 'La lettre de mission n’est pas encore générée', { missing: ['letter'] });
  await assertAmlIdentified(db, actor.organisationId, mission.clientId, businessDateOf(now.getTime()));
  const level = options.level ?? 'simple';

  const [contact] = letter.clientRepresentativeContactId ? await db.select().from(clientContacts).where(eq(clientContacts.id, letter.clientRepresentativeContactId)) : [];
  const [representative] = letter.firmRepresentativeUserId ? await db.select().from(users).where(eq(users.id, letter.firmRepresentativeUserId)) : [];
  const problems: FieldProblem[] = [];
  if (!contact?.email) problems.push({ field: 'clientRepresentative.email', message: 'le représentant du client n’a pas d’adresse email' });
  if (!representative?.email) problems.push({ field: 'firmRepresentative.email', message: 'le représentant du cabinet n’a pas d’adresse email' });
  for (const [field, mobile, needed] of [
    ['clientRepresentative.mobile', contact?.mobile, level === 'advanced'],
    ['firmRepresentative.mobile', representative?.mobile, level === 'advanced'],
  ] as const) {
    if (!mobile) {
      if (needed) problems.push({ field, message: 'un mobile est nécessaire pour le code SMS de la signature avancée' });
      continue;
    }
    try {
      normalizeFrenchMobile(mobile);
    } catch {
      problems.push({ field, message: `le numéro ${mobile} n’est pas un mobile valide` });
    }
  }
  if (problems.length > 0) throw new AppError('precondition_failed', 'Vérifiez les emails et mobiles des signataires avant de lancer la signature', { fields: problems });

  const attachments = letter.attachmentDocumentIds.length > 0 ? await db.select().from(documents).where(inArray(documents.id, letter.attachmentDocumentIds)) : [];
  const [letterDocument] = await db.select().from(documents).where(eq(documents.id, letter.documentId));
  const method = way === 'manual' ? 'manual' : deps.yousign ? 'yousign' : 'builtin';
  const previous = await latestSignatureRequestOf(db, actor.organisationId, { type: 'mission', id: missionId });
  // The firm's settings: how long the request stays open, how often unsigned signers are reminded.
  const settings = await getFirmSignatureSettings(db, actor.organisationId, (await missionLetterData(db, actor.organisationId, missionId)).firmId);
  const { request } = await openSignatureRequest(db, actor, {
    clientId: mission.clientId,
    subject: { type: 'mission', id: missionId },
    // A retry finds the ongoing request; one that ended without signature (declined, expired, canceled) makes room for a new one.
    idempotencyKey:
      previous?.status === 'ongoing' && previous.method === method
        ? previous.idempotencyKey
        : `mission/${missionId}/letter/${letter.documentId}/${method}/after/${previous && previous.status !== 'ongoing' ? previous.id : 'none'}`,
    method,
    level,
    expiresAt: new Date(now.getTime() + settings.expiresInDays * 86_400_000),
    reminderIntervalDays: settings.reminderIntervalDays,
    signers: [
      { role: 'client', fullName: `${contact!.firstName} ${contact!.lastName}`, email: contact!.email!, mobile: contact!.mobile },
      { role: 'firm', fullName: `${representative!.firstName} ${representative!.lastName}`, email: representative!.email, mobile: representative!.mobile },
    ],
    documents: [
      { documentId: letterDocument!.id, nature: 'signable_document', name: letterDocument!.name, sha256: letterDocument!.sha256 },
      ...attachments.map((d) => ({ documentId: d.id, nature: 'attachment' as const, name: d.name, sha256: d.sha256 })),
    ],
  });
  if (method !== 'yousign') {
    // The built-in page and the manual links are reached with secrets derived from the installation's
    // key. Written on every call, not only when the request was opened now: the same value each
    // time, and a call that opened the request and died before this line left the links dead.
    for (const signer of request.signers) {
      await db.update(signatureSigners).set({ accessTokenHash: hashToken(signerAccessToken(deps.seal.linkSecret, signer.id)) }).where(eq(signatureSigners.id, signer.id));
    }
  }
  if (method === 'yousign') {
    const data = await missionLetterData(db, actor.organisationId, missionId);
    return { request: await launchOnYousign(deps, request, `Lettre de mission ${data.scope.mission.reference} — ${data.scope.client.name}`), copyPaste: null };
  }
  await inviteLetterSigners(deps, request);
  const copyPaste = method === 'manual' ? await letterInvitation(deps, request, request.signers[0]!) : null;
  return { request: (await latestSignatureRequestOf(db, actor.organisationId, { type: 'mission', id: missionId }))!, copyPaste: copyPaste && { subject: copyPaste.subject, text: copyPaste.text, html: copyPaste.html } };
}

/** The invitation email of one signer: the built-in page's link, or (manual) a link to each document. */
async function letterInvitation(deps: SignatureDeps, request: SignatureRequestView, signer: SignatureRequestView['signers'][number]) {
  const data = await missionLetterData(deps.db, request.organisationId, request.subjectId);
  const firm = { name: data.scope.firm.name, address: data.scope.firm.address };
  const base = deps.publicBaseUrl.replace(/\/$/, '');
  const signUrl = `${base}/signature/${signerAccessToken(deps.seal.linkSecret, signer.id)}`;
  const documentsLinks =
    request.method === 'manual' ? request.documents.map((d) => ({ name: d.name, url: `${base}/signature/documents/${documentLinkToken(deps.seal.linkSecret, d.id, request.expiresAt)}` })) : undefined;
  const mission = { reference: data.scope.mission.reference, startDate: data.scope.mission.start_date, annualFees: data.scope.mission.annual_fees };
  const deadline = formatFrenchDate(request.expiresAt.toISOString().slice(0, 10));
  const rendered = await renderEmail(
    createElement(MissionLetterForSignature, {
      firm,
      contactName: signer.fullName,
      mission,
      signature: { url: request.method === 'manual' ? documentsLinks![0]!.url : signUrl, deadline },
      ...(documentsLinks ? { documents: documentsLinks } : {}),
    }),
  );
  return { subject: missionLetterForSignatureSubject({ firm, mission }), ...rendered };
}

/**
 * Invites the signers whose turn has come — every earlier signer has signed — once each
 * (idempotency key per signer), or reminds them (`reminderRound`: once per signer and round, the
 * subject starting with « Rappel »). The manual way only emails the client's representative.
 */
export async function inviteLetterSigners(deps: SignatureDeps, request: SignatureRequestView, options: { reminderRound?: number } = {}): Promise<void> {
  const round = options.reminderRound;
  if (request.status !== 'ongoing' || request.method === 'yousign') return;
  for (const signer of request.signers) {
    if (signer.status === 'signed') continue;
    if (request.signers.some((s) => s.position < signer.position && s.status !== 'signed')) break;
    if (request.method === 'manual' && signer.role !== 'client') break;
    const email = await letterInvitation(deps, request, signer);
    const kind = round === undefined ? 'invite' : `reminder/${round}`;
    await deps.emailSender.send({
      from: deps.emailFrom,
      to: [signer.email],
      subject: round === undefined ? email.subject : `Rappel : ${email.subject}`,
      html: email.html,
      text: email.text,
      tags: { kind: round === undefined ? 'mission-letter-signature' : 'mission-letter-signature-reminder', [ORGANISATION_TAG]: request.organisationId },
      idempotencyKey: `signature-${kind}/${signer.id}`,
    });
    await recordSignatureEvent(deps.db, {
      organisationId: request.organisationId,
      requestId: request.id,
      signerId: signer.id,
      type: round === undefined ? 'request.sent' : 'request.reminded',
      providerEventId: `${kind}/${signer.id}`,
    });
    break;
  }
}
