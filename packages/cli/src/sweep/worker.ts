/**
 * A sweep worker thread: loads the plugins the sweep was given, then trains each run the pool
 * sends it and answers with its record, one run at a time. A run is seeded, so its record does not
 * depend on which worker trains it or when.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useNodeBackend } from '@sead/node';
import { messageOf } from '@sead/tasks';
import { loadPlugins, lookUp } from '../task-option.js';
import type { RunSpec } from './grid.js';
import type { WorkerData, WorkerReply } from './pool.js';
import { sweepRun } from './run.js';

const port = parentPort!;
const { plugins } = workerData as WorkerData;
const ready = (async () => {
  await loadPlugins([...plugins]);
  await useNodeBackend();
})();

port.on('message', async (spec: RunSpec) => {
  let reply: WorkerReply;
  try {
    await ready;
    reply = { record: await sweepRun(lookUp(spec.task), spec) };
  } catch (error) {
    reply = { error: messageOf(error) };
  }
  port.postMessage(reply);
});
