import { checkLattice, type Lattice, type Task } from '@sead/tasks';
import type { SeadModel } from './model/model.js';
import type { Answer } from './model/model-interface.js';
import type { Outcome, RunResult } from './run/result.js';
import type { Run } from './run/run.js';
import { resolveEngine, startRun, type Engine, type EngineOptions } from './engines/engines.js';

export interface PredictOptions extends EngineOptions {
  /** Lattices relaxed side by side by the dense engine. */
  batchSize?: number;
  /** dense, sparse or auto (sparse for discrete models); see `Engine`. */
  engine?: Engine;
  /** Called as instances are answered (one at a time on the sparse engine, a batch at a time on the dense one). */
  onAnswered?: (answered: number, total: number, last: Prediction<unknown>) => void;
  /** Called with each instance's symbols at t = 0 and after every step (see `Run`): a trajectory streamed, not kept. */
  onStep?: (index: number, t: number, symbols: Uint8Array) => void;
}

/** A SEAD model's answer, with how its run ended. */
export interface Prediction<O> extends Answer<O> {
  readonly outcome: Outcome;
  readonly run: RunResult;
}

/**
 * Answers instances with the model: encode, run to the attractor, decode. Instances whose lattices
 * share a length (and step count, and grid shape) run as one batch; results come back in input order. Every
 * lattice is checked against the task first (`checkLattice`): the engines trust their tokens and
 * states, so a task that encodes badly gets a `TaskContractError`, never a wrong answer.
 */
export function predictMany<I, O>(model: SeadModel, task: Task<I, O>, instances: readonly I[], options: PredictOptions = {}): Prediction<O>[] {
  if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
  const lattices = instances.map((instance) => checkLattice(task, task.encode(instance), model.config.radius));
  const groups = new Map<string, number[]>();
  lattices.forEach((lattice, k) => {
    const key = `${lattice.length}:${lattice.columns ?? ''}:${lattice.steps ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), k]);
  });
  const out: Prediction<O>[] = new Array(instances.length);
  const engine = options.engine ?? 'auto';
  // The sparse engine runs one lattice at a time whatever it is given.
  const batchSize = resolveEngine(model, engine) === 'sparse' ? 1 : (options.batchSize ?? 64);
  const { onStep, ...engineOptions } = options;
  let answered = 0;
  for (const indices of groups.values()) {
    for (let start = 0; start < indices.length; start += batchSize) {
      const chunk = indices.slice(start, start + batchSize);
      const hook = onStep && ((b: number, t: number, run: Run) => onStep(chunk[b], t, run.symbols(b)));
      const results = startRun(model, task, chunk.map((k) => lattices[k]), { ...engineOptions, engine, onStep: hook }).toEnd();
      chunk.forEach((k, j) => {
        const run = results[j];
        out[k] = { output: task.decode(instances[k], run.symbols), steps: run.steps, converged: run.converged, outcome: run.outcome, run };
      });
      answered += chunk.length;
      options.onAnswered?.(answered, instances.length, out[chunk[chunk.length - 1]]);
    }
  }
  return out;
}

/** One instance. */
export function predict<I, O>(model: SeadModel, task: Task<I, O>, instance: I, options?: PredictOptions): Prediction<O> {
  return predictMany<I, O>(model, task, [instance], options)[0];
}

/**
 * Runs one lattice the caller built (e.g. with `Task.encodeBytes`) to its attractor, without
 * decoding: for inputs too long to hold as an instance of strings. The lattice is checked against
 * the task first, as in `predictMany`.
 */
export function runLattice<I, O>(model: SeadModel, task: Task<I, O>, lattice: Lattice, options: PredictOptions = {}): RunResult {
  if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
  const { onStep, ...engineOptions } = options;
  const hook = onStep && ((b: number, t: number, run: Run) => onStep(0, t, run.symbols(b)));
  return startRun(model, task, [checkLattice(task, lattice, model.config.radius)], { ...engineOptions, onStep: hook }).toEnd()[0];
}
