import * as tf from '@tensorflow/tfjs-core';
import { latticeGrid, type Lattice } from '@sead/tasks';
import { tokenIndex, type TaskShape } from '../lattice.js';
import type { SeadModel } from '../model/model.js';
import { embedTokens } from '../step.js';
import { cellScratch, cellStep, type CellScratch, type CellWeights } from '../kernels/cell-loops.js';
import { unrollShape, type UnrollShape } from '../kernels/cell-codegen.js';
import { disposePrepared, prepareStep } from '../kernels/sead-step.js';
import type { Lane, Stepper } from '../run/stepper.js';
import { ReaderRuns } from './readers.js';

/**
 * The sparse engine of continuous models: one lattice, a row or a grid, the network itself
 * evaluated on the cells whose window changed in the previous step (every cell at the first), in
 * plain JavaScript.
 *
 * It is the dense engine on tfjs-backend-cpu, operation for operation, so the states are equal bit
 * for bit and so are the steps, the verdict and the symbols: the run-invariant input drive and
 * state taps come from the same tfjs calls (`embedTokens`, `prepareStep`), and each step repeats the
 * cpu backend's fused `SeadRelaxStep` kernel: the cell's sums in float64 in the kernel's order, the
 * next state 1 / (1 + e^−x) rounded to float32, and the convergence test on the largest move
 * max |h_{t+1} − h_t| rounded to float32, < ε. A cell whose neighbourhood did not change in any
 * bit would compute the same bits again, so it is skipped, and the maximum over the cells computed
 * is the maximum over all. (Other backends round differently; there the two engines may differ in
 * the last bits, as the backends do among themselves.)
 *
 * Memory: the input drive (H floats per cell), the state (C floats per cell), and the proposals
 * and lists of the cells computed in a step.
 */
export class NetworkStepper implements Stepper {
  readonly discrete = false;
  readonly size = 1;
  readonly length: number;
  t = 0;
  readonly #shape: UnrollShape;
  /** The lattice's rows and columns (a row lattice: 1 × L). */
  readonly #rows: number;
  readonly #columns: number;
  readonly #readers: ReaderRuns;
  readonly #S: number;
  readonly #epsilon: number;
  readonly #net: CellWeights;
  readonly #scratch: CellScratch;
  /** The state, C channels per cell. */
  readonly #h: Float32Array;
  #updates = 0;
  /** Cells to compute next step (ascending), or null: every cell. */
  #active: Int32Array | null = null;
  #activeCount: number;
  #proposals = new Float32Array(0);
  #changed = new Int32Array(0);

  constructor(model: SeadModel, task: TaskShape, lattice: Lattice) {
    if (model.config.features !== task.inputAlphabet[0].length) {
      throw new RangeError(`model reads ${model.config.features} input features, task "${task.id}" has ${task.inputAlphabet[0].length}`);
    }
    const { channels: C, hidden: H, radius: r } = model.config;
    const grid = model.config.dimensions === 2;
    this.length = lattice.length;
    const { rows, columns } = grid ? latticeGrid(lattice) : { rows: 1, columns: lattice.length };
    this.#rows = rows;
    this.#columns = columns;
    this.#shape = unrollShape(C, H, r, grid);
    this.#readers = new ReaderRuns(rows, columns, r, grid ? 2 * r + 1 : 1);
    this.#S = task.stateSymbols.length;
    this.#epsilon = model.config.epsilon;
    this.#net = preparedArrays(model, task, lattice, grid ? columns : undefined);
    this.#scratch = cellScratch(this.#shape);
    this.#h = new Float32Array(lattice.length * C).fill(0.5);
    this.#activeCount = lattice.length;
  }

  /** Steps until `until`, until the largest move is below ε ('rest') or the bound is reached. */
  advance(until: number, lanes: readonly Lane[]): void {
    const lane = lanes[0];
    lane.status = 'moved';
    while (this.t < until && lane.status === 'moved') {
      if (this.#updates >= lane.maxUpdates) lane.status = 'capped';
      else if (this.#step() < this.#epsilon) lane.status = 'rest';
      else this.t++;
    }
    lane.t = this.t;
  }

  /** One synchronous step of the cells that can move; returns the largest move, rounded to float32. */
  #step(): number {
    const { C } = this.#shape;
    const L = this.length;
    const columns = this.#columns;
    const h = this.#h;
    const active = this.#active;
    const count = this.#activeCount;
    this.#updates += count;
    if (this.#proposals.length < count * C) this.#proposals = new Float32Array(count * C);
    const proposals = this.#proposals;
    // Every proposal first (the update is synchronous), then the largest change.
    for (let a = 0; a < count; a++) {
      const i = active === null ? a : active[a];
      const y = (i / columns) | 0;
      cellStep(this.#shape, this.#net, h, 0, this.#rows, columns, i, y, i - y * columns, this.#scratch);
      for (let c = 0; c < C; c++) proposals[a * C + c] = sigmoid(this.#scratch.logits[c]);
    }
    let delta = 0;
    let changedCount = 0;
    if (this.#changed.length < count) this.#changed = new Int32Array(count);
    const changed = this.#changed;
    for (let a = 0; a < count; a++) {
      const i = active === null ? a : active[a];
      let moved = false;
      for (let c = 0; c < C; c++) {
        const next = proposals[a * C + c];
        const d = Math.abs(next - h[i * C + c]);
        if (d > delta) delta = d;
        if (next !== h[i * C + c]) moved = true;
      }
      if (!moved) continue;
      changed[changedCount++] = i;
      for (let c = 0; c < C; c++) h[i * C + c] = proposals[a * C + c];
    }
    // The next step computes the cells whose window holds a change (see `ReaderRuns`); when that
    // is most of the lattice, all of them.
    if (changedCount * this.#shape.offsets.length >= L) {
      this.#active = null;
      this.#activeCount = L;
    } else {
      const next = new Int32Array(changedCount * this.#shape.offsets.length);
      let n = 0;
      this.#readers.walk(changed, changedCount, (row, from, to) => {
        for (let x = from; x <= to; x++) next[n++] = row * columns + x;
      });
      this.#active = next;
      this.#activeCount = n;
    }
    return Math.fround(delta);
  }

  /** `readSymbols`: channel 0 above ½ with two symbols, else the first largest of the first S channels. */
  symbols(): Uint8Array {
    const { C } = this.#shape;
    const S = this.#S;
    const h = this.#h;
    const symbols = new Uint8Array(this.length);
    for (let i = 0; i < this.length; i++) {
      if (S === 2) {
        symbols[i] = h[i * C] > 0.5 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let c = 1; c < S; c++) if (h[i * C + c] > h[i * C + best]) best = c;
      symbols[i] = best;
    }
    return symbols;
  }

  channels(): Float32Array {
    return this.#h.slice();
  }

  updates(): number {
    return this.#updates;
  }

  retire(): void {}

  dispose(): void {}
}

/** The run-invariant half of the step for this lattice, computed by the same tfjs calls as the dense engine's. */
function preparedArrays(model: SeadModel, task: TaskShape, lattice: Lattice, columns: number | undefined): CellWeights {
  const e = embedTokens(model.weights, task.inputAlphabet, tokenIndex(task, [lattice]), 1, lattice.length);
  const prepared = prepareStep(model.weights, e, model.config.radius, columns);
  e.dispose();
  try {
    const read = (t: tf.Tensor) => Float32Array.from(t.dataSync());
    return { D: read(prepared.inputDrive), G: read(prepared.stateTaps), W2: read(prepared.W2), b2: read(prepared.b2), Wh: read(prepared.Wh), bh: read(prepared.bh) };
  } finally {
    disposePrepared(prepared);
  }
}

/** The fused step's sigmoid, stored as float32. */
function sigmoid(x: number): number {
  return Math.fround(1 / (1 + Math.exp(-x)));
}
