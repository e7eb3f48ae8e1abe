import * as tf from '@tensorflow/tfjs-core';
import { startRun, type Outcome, type Run, type SeadModel } from '@sead/core';
import type { Lattice, Task } from '@sead/tasks';

/**
 * A discrete model's run on one lattice, one step at a time, on the active tfjs backend (webgl in
 * the browser), so that a page can draw each step as it happens: the core's dense engine under its
 * one driver (`Run`), with the page's record of every row and of the time each step took.
 */
export class DenseRun {
  /** The symbols of every cell at t = 0, 1, …, steps. */
  readonly history: Uint8Array[] = [];
  readonly length: number;
  /** The tfjs backend the run's tensors live on. */
  readonly backend: string;
  /**
   * Wall time of the first step, readback included. It is slower than the rest on any backend: it
   * also sets up the backend's kernels for this lattice (webgl compiles its shaders).
   */
  firstStepMs = NaN;
  /** Wall time of the steps after the first, readback included. */
  milliseconds = 0;
  /** Steps computed, the last check of a fixed point included. */
  computed = 0;
  readonly #run: Run;

  constructor(model: SeadModel, task: Task, lattice: Lattice) {
    if (model.config.mode !== 'discrete') throw new RangeError('the playground steps discrete models; this model is continuous');
    if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
    this.length = lattice.length;
    this.backend = tf.getBackend();
    this.#run = startRun(model, task, [lattice], { engine: 'dense', onStep: (_b, _t, run) => void this.history.push(run.symbols().slice()) });
    this.#ended();
  }

  get done(): boolean {
    return this.#run.done;
  }

  get steps(): number {
    return this.#run.result()?.steps ?? this.history.length - 1;
  }

  get outcome(): Outcome | undefined {
    return this.#run.result()?.outcome;
  }

  get period(): number | undefined {
    return this.#run.result()?.period;
  }

  get symbols(): Uint8Array {
    return this.history[this.steps];
  }

  /** Mean wall time of the steps after the first, in milliseconds (NaN before the second). */
  get msPerStep(): number {
    return this.computed < 2 ? NaN : this.milliseconds / (this.computed - 1);
  }

  /** Computes the next step; nothing once the run is over. */
  async step(): Promise<void> {
    if (this.done) return;
    const started = performance.now();
    this.#run.step();
    if (this.computed++ === 0) this.firstStepMs = performance.now() - started;
    else this.milliseconds += performance.now() - started;
    this.#ended();
  }

  /** Frees the run's tensors; the history stays. */
  dispose(): void {
    this.#run.dispose();
  }

  /** Once over: the record ends where the run did (a cycle is seen some steps after it closes), and the tensors go. */
  #ended(): void {
    if (!this.done) return;
    this.history.length = this.steps + 1;
    this.dispose();
  }
}
