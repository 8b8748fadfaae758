import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { SignatureSubjectNotifier } from '../../domain/signature/signature-deps.ts';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import { signatureReceivedSignal } from '../../workflows/mission.contract.ts';

/**
 * Tells a mission's workflow (`mission/<id>`) that its letter is signed: the `signatureReceived`
 * signal, which the workflow deduplicates on the signature id. Requests of other subjects (quotes)
 * are not missions' business and are ignored here. Ending without signature (declined, expired,
 * canceled) is logged until the mission workflow handles it.
 */
export function missionSignatureNotifier(temporal: { client: Client } | undefined, logger: Logger): SignatureSubjectNotifier {
  return {
    async signed(request, signature) {
      if (request.subjectType !== 'mission') return;
      if (!temporal) throw new Error('Temporal is not connected: the mission cannot receive its signature');
      await temporal.client.workflow.getHandle(missionWorkflowId(request.subjectId)).signal(signatureReceivedSignal, signature);
    },
    async ended(request, status, reason) {
      if (request.subjectType !== 'mission') return;
      logger.warn({ missionId: request.subjectId, requestId: request.id, status, reason }, 'mission letter signature ended without signature');
    },
  };
}
