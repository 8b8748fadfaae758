/** The bench workflow: 1 activity, 1 timer, 1 signal; its stage is queryable. */
import { condition, defineQuery, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

const { echo } = proxyActivities<{ echo(s: string): Promise<string> }>({ startToCloseTimeout: '30s' });

export const goSignal = defineSignal('go');
export const stageQuery = defineQuery<string>('stage');

export async function benchWorkflow(): Promise<string> {
  let stage = 'started';
  setHandler(goSignal, () => {
    stage = 'signalled';
  });
  setHandler(stageQuery, () => stage);
  await echo('x');
  await sleep('1s');
  if (stage === 'started') stage = 'waiting';
  await condition(() => stage === 'signalled');
  return stage;
}
