import { redirect } from '@sveltejs/kit';

import { getEndpointForRawHistory } from '@temporalio/ui/services/events-service';


/** The downloadable history of a run, served by the UI server. */
export const load = async ({ parent, params }) => {
  await parent();
  redirect(302, getEndpointForRawHistory({ namespace: params.namespace, workflowId: params.workflow, runId: params.run }));
};
