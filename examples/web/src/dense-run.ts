import * as tf from '@tensorflow/tfjs-core';
import {
  defaultMaxSteps,
  disposePrepared,
  embed,
  featureTensor,
  initialSymbols,
  oneHotStates,
  prepareStep,
  preparedLogits,
  type Outcome,
  type PreparedStep,
  type SeadModel,
} from '@sead/core';
import type { Lattice, Task } from '@sead/tasks';

/**
 * A discrete model's run on one lattice, one step at a time, on the active tfjs backend (webgl in
 * the browser), so that a page can draw each step as it happens. Each step is the dense engine's:
 * every cell, the update rule in tfjs ops, argmax onto the state symbols. It ends as `relax` does:
 * a fixed point (steps = the first t with no change), a cycle, the step cap, or a rollout's K steps.
 */
export class DenseRun {
  /** The symbols of every cell at t = 0, 1, …, steps. */
  readonly history: Uint8Array[];
  readonly length: number;
  /** The tfjs backend the run's tensors live on. */
  readonly backend: string;
  steps = 0;
  outcome: Outcome | undefined;
  period: number | undefined;
  /**
   * Wall time of the first step, readback included. It is slower than the rest on any backend: it
   * also sets up the backend's kernels for this lattice (webgl compiles its shaders).
   */
  firstStepMs = NaN;
  /** Wall time of the steps after the first, readback included. */
  milliseconds = 0;
  /** Steps computed, the last check of a fixed point included. */
  computed = 0;
  readonly #states: number;
  readonly #cap: number;
  readonly #rollout: boolean;
  readonly #seen = new Map<string, number>();
  #prepared: PreparedStep | undefined;

  constructor(model: SeadModel, task: Task, lattice: Lattice) {
    if (model.config.mode !== 'discrete') throw new RangeError('the playground steps discrete models; this model is continuous');
    if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
    this.length = lattice.length;
    this.backend = tf.getBackend();
    this.#states = task.stateSymbols.length;
    this.#rollout = task.dynamics === 'rollout';
    this.#cap = this.#rollout ? (lattice.steps ?? 0) : defaultMaxSteps(lattice.length);
    const e = tf.tidy(() => embed(model.weights, featureTensor(task, [lattice])));
    this.#prepared = prepareStep(model.weights, e, model.config.radius);
    e.dispose();
    const start = initialSymbols([lattice]);
    this.history = [start];
    if (!this.#rollout) this.#seen.set(key(start), 0);
    if (this.#cap === 0) this.#finish(this.#rollout ? 'rollout' : 'step-cap');
  }

  get done(): boolean {
    return this.outcome !== undefined;
  }

  get symbols(): Uint8Array {
    return this.history[this.history.length - 1];
  }

  /** Mean wall time of the steps after the first, in milliseconds (NaN before the second). */
  get msPerStep(): number {
    return this.computed < 2 ? NaN : this.milliseconds / (this.computed - 1);
  }

  /** Computes the next step; nothing once the run is over. */
  async step(): Promise<void> {
    const prepared = this.#prepared;
    if (!prepared) return;
    const started = performance.now();
    const next = tf.tidy(() => tf.argMax(preparedLogits(prepared, oneHotStates(this.symbols, 1, this.length, this.#states)), 2));
    const data = await next.data();
    next.dispose();
    if (this.computed++ === 0) this.firstStepMs = performance.now() - started;
    else this.milliseconds += performance.now() - started;
    if (!this.#prepared) return; // disposed while the step was in flight
    const current = this.symbols;
    const symbols = Uint8Array.from(data);
    const changed = symbols.some((s, i) => s !== current[i]);
    if (!this.#rollout && !changed) return this.#finish('fixed-point');
    this.history.push(symbols);
    this.steps++;
    if (this.#rollout) {
      if (this.steps === this.#cap) this.#finish('rollout');
      return;
    }
    const id = key(symbols);
    const earlier = this.#seen.get(id);
    if (earlier !== undefined) return this.#finish('cycle', this.steps - earlier);
    this.#seen.set(id, this.steps);
    if (this.steps === this.#cap) this.#finish('step-cap');
  }

  /** Frees the run's tensors; the history stays. */
  dispose(): void {
    if (this.#prepared) disposePrepared(this.#prepared);
    this.#prepared = undefined;
  }

  #finish(outcome: Outcome, period?: number): void {
    this.outcome = outcome;
    this.period = period;
    this.#seen.clear();
    this.dispose();
  }
}

/** An exact map key for a lattice's symbols (live runs are a few thousand cells at most). */
function key(symbols: Uint8Array): string {
  let out = '';
  for (let i = 0; i < symbols.length; i += 4096) out += String.fromCharCode(...symbols.subarray(i, i + 4096));
  return out;
}
