import * as tf from '@tensorflow/tfjs-core';
import type { Lattice } from '@sead/tasks';
import { tokenIndex, type TaskShape } from '../lattice.js';
import type { SeadModel } from '../model.js';
import type { RunResult } from '../relax.js';
import { embedTokens } from '../step.js';
import { cellScratch, cellStep, type CellWeights } from '../kernels/cell-loops.js';
import { disposePrepared, prepareStep } from '../kernels/sead-step.js';

export interface ContinuousOptions {
  /** The step cap (the dense engine's default is 2L + 64); rollouts run `lattice.steps`. */
  maxSteps: number;
  rollout: boolean;
  record?: boolean;
  /** The most cell updates to compute; the run stops with outcome `update-cap` once it has (default: none). */
  maxUpdates?: number;
}

/**
 * Event-driven relaxation of a continuous model: the network itself, evaluated on the cells whose
 * neighbourhood changed in the previous step (every cell at the first), in plain JavaScript.
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
export function relaxContinuousSparse(model: SeadModel, task: TaskShape, lattice: Lattice, options: ContinuousOptions): RunResult {
  const { channels: C, hidden: H, radius: r, epsilon } = model.config;
  const S = task.stateSymbols.length;
  const L = lattice.length;
  if (L < 1) throw new RangeError('a lattice needs at least one cell');
  if (model.config.features !== task.inputAlphabet[0].length) {
    throw new RangeError(`model reads ${model.config.features} input features, task "${task.id}" has ${task.inputAlphabet[0].length}`);
  }
  const cap = options.rollout ? (lattice.steps ?? 0) : options.maxSteps;
  const net = preparedArrays(model, task, lattice);
  const h = new Float32Array(L * C).fill(0.5);
  const history = options.record ? [symbolsOf(h, L, C, S)] : undefined;
  // Cells to compute this step (ascending), or every cell.
  let active: Int32Array | null = null;
  let activeCount = L;
  let proposals = new Float32Array(0);
  let changed = new Int32Array(0);
  const shape = { C, H, r };
  const scratch = cellScratch(shape);
  const maxUpdates = options.maxUpdates ?? Infinity;
  let updates = 0;
  for (let t = 0; t < cap; t++) {
    if (updates >= maxUpdates) return { symbols: symbolsOf(h, L, C, S), steps: t, converged: false, outcome: 'update-cap', updates, ...(history && { history }) };
    updates += activeCount;
    if (proposals.length < activeCount * C) proposals = new Float32Array(activeCount * C);
    // Every proposal first (the update is synchronous), then the largest change.
    for (let a = 0; a < activeCount; a++) {
      const i = active === null ? a : active[a];
      cellStep(shape, net, h, 0, L, i, i, scratch);
      for (let c = 0; c < C; c++) proposals[a * C + c] = sigmoid(scratch.logits[c]);
    }
    let delta = 0;
    let changedCount = 0;
    if (changed.length < activeCount) changed = new Int32Array(activeCount);
    for (let a = 0; a < activeCount; a++) {
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
    history?.push(symbolsOf(h, L, C, S));
    if (Math.fround(delta) < epsilon) return { symbols: symbolsOf(h, L, C, S), steps: t, converged: true, outcome: 'fixed-point', updates, ...(history && { history }) };
    // The next step computes the cells within reach of a change; when that is most of the
    // lattice, all of them.
    if (changedCount * (2 * r + 1) >= L) {
      active = null;
      activeCount = L;
      continue;
    }
    const next = new Int32Array(changedCount * (2 * r + 1));
    let count = 0;
    let last = -1;
    for (let k = 0; k < changedCount; k++) {
      const to = Math.min(L - 1, changed[k] + r);
      for (let j = Math.max(last + 1, changed[k] - r); j <= to; j++) next[count++] = j;
      last = Math.max(last, to);
    }
    active = next;
    activeCount = count;
  }
  return { symbols: symbolsOf(h, L, C, S), steps: cap, converged: false, outcome: 'step-cap', updates, ...(history && { history }) };
}

/** The run-invariant half of the step for this lattice, computed by the same tfjs calls as the dense engine's. */
function preparedArrays(model: SeadModel, task: TaskShape, lattice: Lattice): CellWeights {
  const e = embedTokens(model.weights, task.inputAlphabet, tokenIndex(task, [lattice]), 1, lattice.length);
  const prepared = prepareStep(model.weights, e, model.config.radius);
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

/** `readSymbols`: channel 0 above ½ with two symbols, else the first largest of the first S channels. */
function symbolsOf(h: Float32Array, L: number, C: number, S: number): Uint8Array {
  const symbols = new Uint8Array(L);
  for (let i = 0; i < L; i++) {
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
