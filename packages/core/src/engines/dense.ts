import * as tf from '@tensorflow/tfjs-core';
import type { Lattice } from '@sead/tasks';
import { initialSymbols, oneHotStates, tokenIndex, type TaskShape } from '../lattice.js';
import type { SeadModel } from '../model/model.js';
import { readSymbols } from '../readout.js';
import { embedTokens } from '../step.js';
import { disposePrepared, prepareStep, preparedLogits, preparedRelaxStep, type PreparedStep } from '../kernels/sead-step.js';
import { StateDigest } from '../run/digest.js';
import type { Lane, Stepper } from '../run/stepper.js';

/**
 * The dense engine: lattices of one length side by side, every cell every step, in tfjs ops on any
 * backend (the update rule split as `prepareStep` says: the input's part once per run, the state's
 * part each step, through the backend's fused kernel when it has one). Discrete models snap every
 * step onto one-hot symbols by argmax (relax-and-project); continuous ones iterate h and report how
 * far each lattice moved. A lattice that ends leaves the batch, so the remaining steps cost only
 * what is still running and its result does not depend on what it was batched with.
 */
export class DenseStepper implements Stepper {
  readonly discrete: boolean;
  readonly size: number;
  readonly length: number;
  t = 0;
  readonly #S: number;
  readonly #epsilon: number;
  readonly #prepared: PreparedStep;
  /** The input drive of the rows still stepping: the prepared one, or a gathered copy this stepper owns. */
  #drive: tf.Tensor3D;
  /** Lattice of each row, in row order. */
  #rows: number[];
  /** Discrete: the symbols of the rows, row after row. Continuous: read from `#h` when asked. */
  #symbols: Uint8Array;
  /** Continuous: the state of the rows [rows, L, C]. */
  #h: tf.Tensor3D | undefined;
  /** Continuous: the symbols `#h` stands for, once read this step. */
  #hSymbols: Uint8Array | undefined;
  /** Rows retired since the last step, to drop before the next. */
  readonly #leaving = new Set<number>();
  /** Symbols of the lattices that left. */
  readonly #final: (Uint8Array | undefined)[];
  readonly #updates: number[];
  readonly #digests: (StateDigest | undefined)[];
  #disposed = false;

  constructor(model: SeadModel, task: TaskShape, lattices: readonly Lattice[]) {
    if (model.config.features !== task.inputAlphabet[0].length) {
      throw new RangeError(`model reads ${model.config.features} input features, task "${task.id}" has ${task.inputAlphabet[0].length}`);
    }
    const B = lattices.length;
    const L = lattices[0].length;
    this.discrete = model.config.mode === 'discrete';
    this.size = B;
    this.length = L;
    this.#S = task.stateSymbols.length;
    this.#epsilon = model.config.epsilon;
    const { columns } = lattices[0];
    if (lattices.some((lattice) => lattice.columns !== columns)) throw new RangeError('a batch needs grids of one shape');
    const e = embedTokens(model.weights, task.inputAlphabet, tokenIndex(task, lattices), B, L);
    this.#prepared = prepareStep(model.weights, e, model.config.radius, columns);
    e.dispose();
    this.#drive = this.#prepared.inputDrive;
    this.#rows = Array.from({ length: B }, (_, b) => b);
    this.#symbols = this.discrete ? initialSymbols(lattices) : new Uint8Array(0);
    this.#h = this.discrete ? undefined : (tf.fill([B, L, model.config.channels], 0.5) as tf.Tensor3D);
    this.#final = lattices.map(() => undefined);
    this.#updates = lattices.map(() => 0);
    this.#digests = lattices.map(() => undefined);
  }

  /** One step of every lattice still running (none, if one has reached its bound: it leaves first). */
  advance(_until: number, lanes: readonly Lane[]): void {
    this.#dropLeaving();
    const L = this.length;
    let capped = false;
    for (const b of this.#rows) {
      lanes[b].t = this.t;
      if (this.#updates[b] >= lanes[b].maxUpdates) {
        lanes[b].status = 'capped';
        capped = true;
      }
    }
    if (capped || this.#rows.length === 0) return;
    for (const b of this.#rows) this.#updates[b] += L;
    if (this.discrete) this.#stepSymbols(lanes);
    else this.#stepStates(lanes);
    this.t++;
  }

  /** Relax-and-project: the next symbols are the argmax of the step's logits. */
  #stepSymbols(lanes: readonly Lane[]): void {
    const L = this.length;
    const n = this.#rows.length;
    const symbols = this.#symbols;
    const next = tf.tidy(() => tf.argMax(preparedLogits({ ...this.#prepared, inputDrive: this.#drive }, oneHotStates(symbols, n, L, this.#S)), 2));
    const nextSymbols = next.dataSync();
    next.dispose();
    this.#rows.forEach((b, row) => {
      const lane = lanes[b];
      if (lane.cycles) this.#digests[b] ??= new StateDigest();
      const digest = this.#digests[b];
      let changes = 0;
      for (let i = row * L; i < (row + 1) * L; i++) {
        if (symbols[i] === nextSymbols[i]) continue;
        digest?.change(i - row * L, symbols[i], nextSymbols[i]);
        symbols[i] = nextSymbols[i];
        changes++;
      }
      lane.status = changes === 0 ? 'rest' : lane.cycles?.repeats(digest!.value) ? 'repeat' : 'moved';
      if (changes > 0) lane.t = this.t + 1;
    });
  }

  /** The paper's relaxation: the next state σ(logits), and how far each lattice moved. */
  #stepStates(lanes: readonly Lane[]): void {
    const [next, delta] = preparedRelaxStep({ ...this.#prepared, inputDrive: this.#drive }, this.#h!);
    const moved = delta.dataSync();
    delta.dispose();
    this.#h!.dispose();
    this.#h = next;
    this.#hSymbols = undefined;
    this.#rows.forEach((b, row) => {
      const rest = moved[row] < this.#epsilon;
      lanes[b].status = rest ? 'rest' : 'moved';
      if (!rest) lanes[b].t = this.t + 1;
    });
  }

  retire(b: number): void {
    if (this.#final[b]) return;
    this.#final[b] = this.symbols(b).slice();
    this.#leaving.add(b);
  }

  symbols(b: number): Uint8Array {
    const final = this.#final[b];
    if (final) return final;
    const row = this.#rows.indexOf(b);
    const L = this.length;
    if (this.discrete) return this.#symbols.subarray(row * L, (row + 1) * L);
    if (!this.#hSymbols) {
      const s = tf.tidy(() => readSymbols(this.#h!, this.#S));
      this.#hSymbols = Uint8Array.from(s.dataSync());
      s.dispose();
    }
    return this.#hSymbols.subarray(row * L, (row + 1) * L);
  }

  channels(b: number): Float32Array {
    if (this.discrete) throw new RangeError('only continuous models have state channels');
    const row = this.#rows.indexOf(b);
    if (row < 0) throw new RangeError(`lattice ${b} has left the run`);
    const C = this.#h!.shape[2];
    const L = this.length;
    return (this.#h!.dataSync() as Float32Array).slice(row * L * C, (row + 1) * L * C);
  }

  updates(b: number): number {
    return this.#updates[b];
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#drive !== this.#prepared.inputDrive) this.#drive.dispose();
    this.#h?.dispose();
    this.#h = undefined;
    disposePrepared(this.#prepared);
  }

  /** Drops the rows of the lattices that left: one gather for all that left since the last step. */
  #dropLeaving(): void {
    if (this.#leaving.size === 0) return;
    const L = this.length;
    const kept = this.#rows.flatMap((b, row) => (this.#leaving.has(b) ? [] : [row]));
    this.#leaving.clear();
    if (this.discrete) {
      const symbols = new Uint8Array(kept.length * L);
      kept.forEach((row, k) => symbols.set(this.#symbols.subarray(row * L, (row + 1) * L), k * L));
      this.#symbols = symbols;
    }
    this.#rows = kept.map((row) => this.#rows[row]);
    if (kept.length === 0) return;
    const index = tf.tensor1d(kept, 'int32');
    const drive = tf.gather(this.#drive, index) as tf.Tensor3D;
    if (this.#drive !== this.#prepared.inputDrive) this.#drive.dispose();
    this.#drive = drive;
    if (this.#h) {
      const h = tf.gather(this.#h, index) as tf.Tensor3D;
      this.#h.dispose();
      this.#h = h;
      this.#hSymbols = undefined;
    }
    index.dispose();
  }
}
