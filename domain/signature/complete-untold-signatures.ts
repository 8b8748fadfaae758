import { and, eq, inArray, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import { missions, quotes, signatureRequests } from '../../db/schema/index.ts';
import { unsignedStatuses } from '../missions/mission-lifecycle.ts';
import { awaitingAnswerStatuses } from '../quotes/quote-lifecycle.ts';
import { completeSignatureRequest } from './complete-signature-request.ts';
import type { SignatureDeps } from './signature-deps.ts';

/**
 * Boot reconciliation of signatures: a request that is done while its subject still waits for a
 * signature (a mission validated or awaiting signature, a quote still sent) was signed, but its
 * completion — filing the signed PDF, telling the subject — failed after the last signer's
 * transaction (Temporal or the document store unreachable, the process stopped). Nothing else
 * retries it: the signer's page already says « signé ». Each is completed again here, which is
 * idempotent (a PDF already filed is kept, the subjects' workflows take a signature once).
 */
export async function completeUntoldSignatures(deps: SignatureDeps, logger: Pick<Logger, 'info' | 'error'>): Promise<{ completed: string[]; failed: string[] }> {
  const untold = await deps.db
    .select({ id: signatureRequests.id, organisationId: signatureRequests.organisationId })
    .from(signatureRequests)
    .leftJoin(missions, and(eq(signatureRequests.subjectType, 'mission'), eq(missions.id, signatureRequests.subjectId)))
    .leftJoin(quotes, and(eq(signatureRequests.subjectType, 'quote'), eq(quotes.id, signatureRequests.subjectId)))
    .where(and(eq(signatureRequests.status, 'done'), or(inArray(missions.status, [...unsignedStatuses]), inArray(quotes.status, [...awaitingAnswerStatuses]))));
  const result = { completed: [] as string[], failed: [] as string[] };
  for (const request of untold) {
    try {
      await completeSignatureRequest(deps, request.organisationId, request.id);
      result.completed.push(request.id);
    } catch (error) {
      result.failed.push(request.id);
      logger.error({ err: error, requestId: request.id }, 'reconciliation: a signed request could not be completed');
    }
  }
  if (untold.length > 0) logger.info({ completed: result.completed.length, failed: result.failed.length }, 'reconciliation: signed requests completed');
  return result;
}
