import { redirect } from '@sveltejs/kit';

import { routeForWorkflows } from '@temporalio/ui/utilities/route-for';


export const load = ({ params }) => {
  redirect(302, routeForWorkflows({ namespace: params.namespace }));
};
