import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { DocumentStorageError, type DocumentStorage } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { informationRequestAnswers, informationRequests } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { recordHistory } from '../history/record-history.ts';
import { portalActor, type PortalCaller } from '../portal/portal-caller.ts';

/** Upload limits of one answer. */
export const answerLimits = { maxFiles: 20, maxFileBytes: 25 * 1024 * 1024 } as const;

/** A file a client uploads with an answer. */
export interface AnswerFileUpload {
  name: string;
  mediaType: string;
  /** The bytes, or an uploaded file spooled to disk (streamed to storage, never held in memory). */
  bytes: Uint8Array | Blob;
}

const sizeOf = (bytes: Uint8Array | Blob) => (bytes instanceof Blob ? bytes.size : bytes.byteLength);

export interface AnswerInput {
  text?: string | null | undefined;
  files: AnswerFileUpload[];
}

type RequestExpectations = { expectsFiles: boolean; expectsText: boolean };

/**
 * Checks an answer against what the request expects: a files request needs at least one file
 * (a text note may come with it), a text request needs text and takes no files, a request
 * expecting both needs at least one of them.
 */
function answerProblems(request: RequestExpectations, text: string | null, files: AnswerFileUpload[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (files.length > answerLimits.maxFiles) problems.push({ field: 'files', location: 'body', message: `at most ${answerLimits.maxFiles} files per answer` });
  files.forEach((file, index) => {
    if (sizeOf(file.bytes) > answerLimits.maxFileBytes) {
      problems.push({ field: `files.${index}`, location: 'body', message: `larger than ${answerLimits.maxFileBytes / 1024 / 1024} MB` });
    }
  });
  if (!request.expectsFiles && files.length > 0) problems.push({ field: 'files', location: 'body', message: 'this request expects a text answer, not files' });
  if (request.expectsFiles && !request.expectsText && files.length === 0) problems.push({ field: 'files', location: 'body', message: 'this request expects at least one file' });
  if (request.expectsText && !request.expectsFiles && !text) problems.push({ field: 'text', location: 'body', message: 'this request expects a text answer' });
  if (request.expectsText && request.expectsFiles && !text && files.length === 0) {
    problems.push({ field: 'text', location: 'body', message: 'give a text answer, files, or both' });
    problems.push({ field: 'files', location: 'body', message: 'give a text answer, files, or both' });
  }
  return problems;
}

/** Keeps the last path segment of a browser-supplied file name, without control characters. */
function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'document').slice(0, 255);
}

/**
 * A client contact answers one of their client's information requests from the portal, with
 * text and/or files. The files are stored first (under keys no other answer uses), then the
 * answer is recorded and the request becomes `answered`, in one transaction; if that fails the
 * stored files are removed again. Another client's request is a 404, a closed one a 409.
 */
export async function answerInformationRequest(
  db: Db,
  storage: DocumentStorage | undefined,
  caller: PortalCaller,
  requestId: string,
  input: AnswerInput,
): Promise<void> {
  const scope = and(
    eq(informationRequests.organisationId, caller.organisationId),
    eq(informationRequests.clientId, caller.clientId),
    eq(informationRequests.id, requestId),
  );
  const [request] = await db.select().from(informationRequests).where(scope);
  if (!request) throw AppError.notFound('Information request');
  if (request.status === 'closed') throw new AppError('conflict', 'This request is closed; the firm no longer expects an answer');
  const text = input.text?.trim() || null;
  const problems = answerProblems(request, text, input.files);
  if (problems.length > 0) throw AppError.invalid(problems);

  const answerId = randomUUID();
  const stored: Array<{ name: string; mediaType: string; size: number; sha256: string; storageKey: string }> = [];
  try {
    for (const [index, file] of input.files.entries()) {
      if (!storage) throw new AppError('unavailable', 'Document storage is not configured; files cannot be received');
      const storageKey = `org/${caller.organisationId}/clients/${caller.clientId}/information-requests/${requestId}/answers/${answerId}/${index}`;
      const { size, sha256 } = await storage.put(storageKey, file.bytes, { contentType: file.mediaType, maxBytes: answerLimits.maxFileBytes });
      stored.push({ name: cleanFileName(file.name), mediaType: file.mediaType || 'application/octet-stream', size, sha256, storageKey });
    }
    await db.transaction(async (tx) => {
      const actor = portalActor(caller);
      // Locks the request: a close by the firm and this answer cannot interleave.
      const [current] = await tx.select().from(informationRequests).where(scope).for('update');
      if (!current || current.status === 'closed') throw new AppError('conflict', 'This request is closed; the firm no longer expects an answer');
      const [answer] = await tx
        .insert(informationRequestAnswers)
        .values({ id: answerId, organisationId: caller.organisationId, requestId, contactId: caller.contactId, text, files: stored })
        .returning();
      const now = new Date();
      const [after] = await tx.update(informationRequests).set({ status: 'answered', answeredAt: now, updatedAt: now }).where(scope).returning();
      await recordHistory(tx, actor, { type: 'information_request_answer', id: answerId }, { action: 'create', after: answer! });
      await recordHistory(tx, actor, { type: 'information_request', id: requestId }, { action: 'update', before: current, after: after! });
    });
  } catch (error) {
    if (storage) await Promise.allSettled(stored.map((file) => storage.delete(file.storageKey)));
    if (error instanceof DocumentStorageError && error.code === 'document_too_large') {
      throw AppError.invalid([{ field: `files.${stored.length}`, location: 'body', message: `larger than ${answerLimits.maxFileBytes / 1024 / 1024} MB` }]);
    }
    throw error;
  }
}
