import { Worker } from 'node:worker_threads';
import { Failure } from '../errors.js';
import { shapeText, type RunSpec } from './grid.js';
import type { SweepRecord } from './records.js';

/** What a worker starts with. */
export interface WorkerData {
  /** The --plugin modules, for a task a plugin defines. */
  readonly plugins: readonly string[];
}

/** A worker's answer to one run. */
export type WorkerReply = { record: SweepRecord } | { error: string };

/**
 * Trains `runs` on `jobs` worker threads, handing each worker the next run as it finishes one, and
 * awaits `onRecord` for each record in the order they finish (the caller writes it to disk before
 * the next is reported). A run that throws ends the sweep: every worker is stopped, and the error
 * names the run; the records reported before it stay.
 */
export async function runPool(runs: readonly RunSpec[], jobs: number, data: WorkerData, onRecord: (record: SweepRecord) => Promise<void>): Promise<void> {
  const queue = [...runs];
  const workers = Array.from({ length: Math.min(jobs, queue.length) }, () => new Worker(new URL('./worker.js', import.meta.url), { workerData: data }));
  // Records are handed on one at a time, so that each is on disk before the next is.
  let written = Promise.resolve();
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let current: RunSpec | undefined;
            const next = () => {
              current = queue.shift();
              if (current) worker.postMessage(current);
              else resolve();
            };
            worker.on('message', (reply: WorkerReply) => {
              if ('error' in reply) return reject(new Failure(`run ${describeRun(current!)} failed: ${reply.error}`));
              written = written.then(() => onRecord(reply.record));
              written.then(next, reject);
            });
            worker.on('error', (error) => reject(new Failure(`a sweep worker stopped: ${error.message}`)));
            worker.on('exit', (code) => current && reject(new Failure(`a sweep worker exited (status ${code}) during run ${describeRun(current)}`)));
            next();
          }),
      ),
    );
    await written;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** A run as progress lines and errors name it: "parity C3 E2 H4 r1 chaos seed 3". */
export function describeRun(run: RunSpec): string {
  return `${run.task} ${shapeText(run.shape, run.features)} ${run.regime} seed ${run.seed}`;
}
