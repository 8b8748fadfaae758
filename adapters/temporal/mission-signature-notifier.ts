import { WorkflowNotFoundError, type Client } from '@temporalio/client';
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
 * alerts its assignee; reports merge whatever their order). A progress report for a mission
 * whose workflow has ended is dropped; a signature is not (the webhook fails and is retried, by
 * when a lost workflow has been started again). Requests of other subjects (quotes) are not
 * missions' business and are ignored here.
 */
export function missionSignatureNotifier(temporal: { client: Client } | undefined, logger: Logger): SignatureSubjectNotifier {
  const handleOf = (request: SignatureRequestView) => {
    if (!temporal) throw new Error('Temporal is not connected: the mission cannot hear of its signature');
    return temporal.client.workflow.getHandle(missionWorkflowId(request.subjectId));
  };
  const progressed = async (request: SignatureRequestView) => {
    if (request.subjectType !== 'mission') return;
    try {
      await handleOf(request).signal(signatureProgressSignal, signatureProgressOf(request));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // The mission's workflow has ended (finished, cancelled, deleted): nobody to tell, and the
      // request's state is in the database, where a workflow started again would read it. Without
      // this a provider's late webhook got a 500 and was retried for days.
      logger.info({ missionId: request.subjectId, requestId: request.id }, 'mission workflow closed: signature progress not signalled');
    }
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
