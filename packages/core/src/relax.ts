import * as tf from '@tensorflow/tfjs-core';
import type { Lattice } from '@sead/tasks';
import { initialSymbols, oneHotStates, tokenIndex, type TaskShape } from './lattice.js';
import type { SeadModel } from './model.js';
import { readSymbols } from './readout.js';
import { embedTokens } from './step.js';
import { disposePrepared, prepareStep, preparedLogits, preparedRelaxStep, type PreparedStep } from './kernels/sead-step.js';
import { checkBound, checkRunCost, DEFAULT_MAX_UPDATES } from './bounds.js';

/** A dense run's step cap, and the steps its bound on cell updates allows. */
interface Limits {
  readonly cap: number;
  readonly updateCap: number;
}

/** How a run that went through `limit` steps without ending ended. */
function capOutcome({ cap, updateCap }: Limits, rollout: boolean): Outcome {
  if (updateCap < cap) return 'update-cap';
  return rollout ? 'rollout' : 'step-cap';
}

/** How a run ended. */
export type Outcome =
  /** The lattice stopped changing: an attractor. */
  | 'fixed-point'
  /** A discrete lattice came back to an earlier configuration that was not a fixed point. */
  | 'cycle'
  /** The step cap came first. */
  | 'step-cap'
  /** The bound on cell updates came first (`RunOptions.maxUpdates`). */
  | 'update-cap'
  /** A rollout ran its fixed number of steps. */
  | 'rollout';

export interface RunResult {
  /** State symbol of every cell at the end. */
  readonly symbols: Uint8Array;
  /**
   * Fixed points: the first t with h_{t+1} = h_t (continuous: max|h_{t+1} − h_t| < ε), so a lattice
   * that starts at its attractor takes 0. Rollouts: the steps run. Otherwise: the steps run.
   */
  readonly steps: number;
  readonly converged: boolean;
  readonly outcome: Outcome;
  /** Cell updates the engine computed: cells × steps for the dense engine, fewer for the sparse one. */
  readonly updates: number;
  /** For cycles: the period. */
  readonly period?: number;
  /** With `record`: the symbols of every cell at t = 0, 1, …, steps. */
  readonly history?: Uint8Array[];
}

export interface RunOptions {
  /** Step cap for fixed-point tasks; default 2L + 64. */
  maxSteps?: number;
  /** Keep the symbols of every step (for spacetime diagrams). */
  record?: boolean;
  /**
   * The most cell updates the run may compute (default `DEFAULT_MAX_UPDATES`). A rollout or a
   * lattice whose first step is over it is refused with a `BoundError`; a fixed-point run that
   * reaches it stops with outcome `update-cap`.
   */
  maxUpdates?: number;
}

/** The default step cap: a signal crossing the lattice twice, with room to settle. */
export function defaultMaxSteps(length: number): number {
  return 2 * length + 64;
}

/**
 * The dense engine: runs the model on lattices of one length (and, for rollouts, one step count)
 * side by side, every cell every step, each lattice until its own attractor. A lattice that has
 * settled leaves the batch while the others go on, so its result does not depend on what it was
 * batched with.
 */
export function relaxBatch(model: SeadModel, task: TaskShape, lattices: readonly Lattice[], options: RunOptions = {}): RunResult[] {
  if (lattices.length === 0) return [];
  if (model.config.features !== task.inputAlphabet[0].length) {
    throw new RangeError(`model reads ${model.config.features} input features, task "${task.id}" has ${task.inputAlphabet[0].length}`);
  }
  const L = lattices[0].length;
  if (L < 1) throw new RangeError('a lattice needs at least one cell');
  const rollout = task.dynamics === 'rollout';
  if (rollout && lattices.some((l) => l.steps === undefined || l.steps !== lattices[0].steps)) {
    throw new RangeError('a rollout batch needs lattices with one step count');
  }
  const cap = rollout ? (lattices[0].steps as number) : (options.maxSteps ?? defaultMaxSteps(L));
  // Every step computes every cell: the bound on updates is a bound on steps.
  const maxUpdates = checkBound(options.maxUpdates ?? DEFAULT_MAX_UPDATES, 'maxUpdates');
  checkRunCost(L, rollout ? cap : undefined, maxUpdates);
  const limits = { cap, updateCap: Math.floor(maxUpdates / L) };
  const e = embedTokens(model.weights, task.inputAlphabet, tokenIndex(task, lattices), lattices.length, L);
  const prepared = prepareStep(model.weights, e, model.config.radius);
  e.dispose();
  try {
    return model.config.mode === 'discrete'
      ? relaxDiscrete(task, lattices, prepared, limits, rollout, options.record ?? false)
      : relaxContinuous(model, task, lattices, prepared, limits, options.record ?? false);
  } finally {
    disposePrepared(prepared);
  }
}

/** One lattice. */
export function relax(model: SeadModel, task: TaskShape, lattice: Lattice, options?: RunOptions): RunResult {
  return relaxBatch(model, task, [lattice], options)[0];
}

/**
 * The lattices of a batch that are still running. A lattice that settles leaves the batch, so the
 * remaining steps cost only what is still moving; `drive` holds the input drive of the rows left.
 */
class ActiveRows {
  ids: number[];
  drive: tf.Tensor3D;
  /** Whether `drive` is a gathered copy this object must dispose (the first is the caller's). */
  #owned = false;

  constructor(count: number, drive: tf.Tensor3D) {
    this.ids = Array.from({ length: count }, (_, b) => b);
    this.drive = drive;
  }

  /** Keeps the rows at these local positions; `also` are tensors with one row per active lattice. */
  keep<T extends tf.Tensor>(local: number[], also: T[] = []): T[] {
    this.ids = local.map((k) => this.ids[k]);
    const index = tf.tensor1d(local, 'int32');
    const kept = also.map((t) => tf.gather(t, index) as T);
    const drive = tf.gather(this.drive, index) as tf.Tensor3D;
    if (this.#owned) this.drive.dispose();
    this.drive = drive;
    this.#owned = true;
    index.dispose();
    return kept;
  }

  dispose(): void {
    if (this.#owned) this.drive.dispose();
  }
}

/** Relax-and-project: every step is snapped to one-hot symbols by argmax. */
function relaxDiscrete(task: TaskShape, lattices: readonly Lattice[], prepared: PreparedStep, limits: Limits, rollout: boolean, record: boolean): RunResult[] {
  const B = lattices.length;
  const L = lattices[0].length;
  const limit = Math.min(limits.cap, limits.updateCap);
  const S = task.stateSymbols.length;
  const all = initialSymbols(lattices);
  const results: RunResult[] = new Array(B);
  const seen = Array.from({ length: B }, () => new Map<string, number>());
  const histories = record ? Array.from({ length: B }, (_, b) => [all.slice(b * L, (b + 1) * L)]) : undefined;
  /** Lattice b ends after `computed` steps, reporting step t. */
  const finish = (b: number, symbols: Uint8Array, t: number, computed: number, outcome: Outcome, period?: number) => {
    results[b] = {
      symbols,
      steps: t,
      converged: outcome === 'fixed-point' || outcome === 'rollout',
      outcome,
      updates: computed * L,
      ...(period !== undefined && { period }),
      ...(histories && { history: histories[b] }),
    };
  };
  if (!rollout) lattices.forEach((_, b) => seen[b].set(hashCells(all, b * L, L), 0));
  const rows = new ActiveRows(B, prepared.inputDrive);
  let symbols = all;
  try {
    for (let t = 0; t < limit && rows.ids.length > 0; t++) {
      const n = rows.ids.length;
      const next = tf.tidy(() => tf.argMax(preparedLogits({ ...prepared, inputDrive: rows.drive }, oneHotStates(symbols, n, L, S)), 2));
      const nextSymbols = next.dataSync();
      next.dispose();
      const staying: number[] = [];
      for (let a = 0; a < n; a++) {
        const b = rows.ids[a];
        const base = a * L;
        let changed = false;
        for (let i = base; i < base + L; i++) {
          if (symbols[i] !== nextSymbols[i]) {
            changed = true;
            symbols[i] = nextSymbols[i];
          }
        }
        const own = () => symbols.slice(base, base + L);
        if (!rollout && !changed) {
          finish(b, own(), t, t + 1, 'fixed-point');
          continue;
        }
        histories?.[b].push(own());
        if (!rollout) {
          const key = hashCells(symbols, base, L);
          const earlier = seen[b].get(key);
          if (earlier !== undefined) {
            finish(b, own(), t + 1, t + 1, 'cycle', t + 1 - earlier);
            continue;
          }
          seen[b].set(key, t + 1);
        }
        staying.push(a);
      }
      if (staying.length < n) {
        const kept = new Uint8Array(staying.length * L);
        staying.forEach((a, k) => kept.set(symbols.subarray(a * L, (a + 1) * L), k * L));
        symbols = kept;
        rows.keep(staying);
      }
    }
    rows.ids.forEach((b, a) => finish(b, symbols.slice(a * L, (a + 1) * L), limit, limit, capOutcome(limits, rollout)));
  } finally {
    rows.dispose();
  }
  return results;
}

/** The paper's relaxation: iterate h until max|h_{t+1} − h_t| < ε. */
function relaxContinuous(model: SeadModel, task: TaskShape, lattices: readonly Lattice[], prepared: PreparedStep, limits: Limits, record: boolean): RunResult[] {
  const B = lattices.length;
  const L = lattices[0].length;
  const limit = Math.min(limits.cap, limits.updateCap);
  const S = task.stateSymbols.length;
  const { channels: C, epsilon } = model.config;
  const results: RunResult[] = new Array(B);
  const histories: Uint8Array[][] | undefined = record ? Array.from({ length: B }, () => []) : undefined;
  const symbolsOf = (h: tf.Tensor3D) => {
    const s = tf.tidy(() => readSymbols(h, S));
    const data = Uint8Array.from(s.dataSync());
    s.dispose();
    return data;
  };
  const rows = new ActiveRows(B, prepared.inputDrive);
  let h: tf.Tensor3D = tf.fill([B, L, C], 0.5) as tf.Tensor3D;
  const remember = (symbols: Uint8Array) => rows.ids.forEach((b, a) => histories?.[b].push(symbols.slice(a * L, (a + 1) * L)));
  if (histories) remember(symbolsOf(h));
  try {
    for (let t = 0; t < limit && rows.ids.length > 0; t++) {
      const [next, delta] = preparedRelaxStep({ ...prepared, inputDrive: rows.drive }, h);
      const d = delta.dataSync();
      delta.dispose();
      h.dispose();
      h = next;
      const settled = rows.ids.some((_, a) => d[a] < epsilon);
      const symbols = histories || settled ? symbolsOf(h) : undefined;
      if (histories) remember(symbols!);
      if (!settled) continue;
      const staying: number[] = [];
      rows.ids.forEach((b, a) => {
        if (d[a] >= epsilon) return void staying.push(a);
        results[b] = { symbols: symbols!.slice(a * L, (a + 1) * L), steps: t, converged: true, outcome: 'fixed-point', updates: (t + 1) * L, ...(histories && { history: histories[b] }) };
      });
      const [kept] = rows.keep(staying, [h]);
      h.dispose();
      h = kept;
    }
    if (rows.ids.length > 0) {
      const symbols = symbolsOf(h);
      rows.ids.forEach((b, a) => {
        results[b] = { symbols: symbols.slice(a * L, (a + 1) * L), steps: limit, converged: false, outcome: capOutcome(limits, false), updates: limit * L, ...(histories && { history: histories[b] }) };
      });
    }
  } finally {
    h.dispose();
    rows.dispose();
  }
  return results;
}

/** A 64-bit FNV-1a style digest of one lattice's symbols, as a map key for cycle detection. */
function hashCells(symbols: Uint8Array, base: number, length: number): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ length;
  for (let i = base; i < base + length; i++) {
    h1 = Math.imul(h1 ^ symbols[i], 0x01000193);
    h2 = Math.imul(h2 ^ (symbols[i] + 0x9e37), 0x5bd1e995);
  }
  return `${h1 >>> 0}:${h2 >>> 0}`;
}
