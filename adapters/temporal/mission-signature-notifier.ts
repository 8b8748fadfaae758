import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { SignatureSubjectNotifier } from '../../domain/signature/signature-deps.ts';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import { signatureProgressOf, type SignatureRequestView } from '../../domain/signature/signature-request.ts';
import { signatureProgressSignal, signatureReceivedSignal } from '../../workflows/mission.contract.ts';

/**
 * Tells a mission's workflow (`mission/<id>`) what became of its letter's signature request: the
 * `signatureReceived` signal once signed (deduplicated on the signature id), and the
 * `signatureProgress` signal when a signer signs or declines and when the request ends without
 * signature (declined, expired, canceled: the workflow takes the mission back to validated and
 * alerts its assignee; reports merge whatever their order). Requests of other subjects (quotes)
 * are not missions' business and are ignored here.
 */
export function missionSignatureNotifier(temporal: { client: Client } | undefined, logger: Logger): SignatureSubjectNotifier {
  const handleOf = (request: SignatureRequestView) => {
    if (!temporal) throw new Error('Temporal is not connected: the mission cannot hear of its signature');
    return temporal.client.workflow.getHandle(missionWorkflowId(request.subjectId));
  };
  const progressed = async (request: SignatureRequestView) => {
    if (request.subjectType !== 'mission') return;
    await handleOf(request).signal(signatureProgressSignal, signatureProgressOf(request));
  };
  return {
    progressed,
    async signed(request, signature) {
      if (request.subjectType !== 'mission') return;
      await progressed(request);
      await handleOf(request).signal(signatureReceivedSignal, signature);
    },
    async ended(request, status, reason) {
      if (request.subjectType !== 'mission') return;
      logger.info({ missionId: request.subjectId, requestId: request.id, status, reason }, 'mission letter signature ended without signature');
      await progressed(request);
    },
  };
}
