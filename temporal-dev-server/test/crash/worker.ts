/**
 * A worker in its own process, for the crash test: killed with SIGKILL in the middle of a
 * workflow, then started again. Activity executions are appended to $CRASH_LOG.
 */
import * as fs from 'node:fs';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { WORKFLOWS } from '../helpers.ts';

const address = process.env.CRASH_ADDRESS!;
const taskQueue = process.env.CRASH_TASK_QUEUE!;
const log = process.env.CRASH_LOG!;
const tag = process.env.CRASH_TAG ?? 'worker';

function note(line: string): void {
  fs.appendFileSync(log, `${tag} ${line}\n`);
}

const activities = {
  async record(key: string, what: string): Promise<string> {
    const attempt = Context.current().info.attempt;
    note(`done ${key} ${what} ${attempt}`);
    return `${what}@attempt${attempt}`;
  },
  async slowRecord(key: string, what: string, ms: number): Promise<string> {
    const attempt = Context.current().info.attempt;
    note(`start ${key} ${what} ${attempt}`);
    await Context.current().sleep(ms);
    note(`done ${key} ${what} ${attempt}`);
    return `${what}@attempt${attempt}`;
  },
};

const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowsPath: WORKFLOWS,
  activities,
  stickyQueueScheduleToStartTimeout: '1s',
});
process.stdout.write('ready\n');
await worker.run();
