import * as tf from '@tensorflow/tfjs-core';
import type { Lattice } from '@sead/tasks';
import { featureTensor, initialSymbols, oneHotStates, type TaskShape } from './lattice.js';
import type { SeadModel } from './model.js';
import { readSymbols } from './readout.js';
import { embed } from './step.js';
import { disposePrepared, prepareStep, preparedLogits, type PreparedStep } from './kernels/sead-step.js';

/** How a run ended. */
export type Outcome =
  /** The lattice stopped changing: an attractor. */
  | 'fixed-point'
  /** A discrete lattice came back to an earlier configuration that was not a fixed point. */
  | 'cycle'
  /** The step cap came first. */
  | 'step-cap'
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
}

/** The default step cap: a signal crossing the lattice twice, with room to settle. */
export function defaultMaxSteps(length: number): number {
  return 2 * length + 64;
}

/**
 * Runs the model on lattices of one length (and, for rollouts, one step count) side by side, each
 * until its own attractor: a lattice that has settled is frozen while the others go on, so the
 * results do not depend on what it was batched with.
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
  const e = tf.tidy(() => embed(model.weights, featureTensor(task, lattices)));
  const prepared = prepareStep(model.weights, e, model.config.radius);
  e.dispose();
  try {
    return model.config.mode === 'discrete'
      ? relaxDiscrete(model, task, lattices, prepared, cap, rollout, options.record ?? false)
      : relaxContinuous(model, task, lattices, prepared, cap, options.record ?? false);
  } finally {
    disposePrepared(prepared);
  }
}

/** One lattice. */
export function relax(model: SeadModel, task: TaskShape, lattice: Lattice, options?: RunOptions): RunResult {
  return relaxBatch(model, task, [lattice], options)[0];
}

/** Relax-and-project: every step is snapped to one-hot symbols by argmax. */
function relaxDiscrete(model: SeadModel, task: TaskShape, lattices: readonly Lattice[], prepared: PreparedStep, cap: number, rollout: boolean, record: boolean): RunResult[] {
  const B = lattices.length;
  const L = lattices[0].length;
  const S = task.stateSymbols.length;
  const symbols = initialSymbols(lattices);
  const results: (RunResult | undefined)[] = new Array(B);
  const seen = Array.from({ length: B }, () => new Map<string, number>());
  const histories = record ? Array.from({ length: B }, (_, b) => [symbols.slice(b * L, (b + 1) * L)]) : undefined;
  const finish = (b: number, t: number, outcome: Outcome, period?: number) => {
    results[b] = {
      symbols: symbols.slice(b * L, (b + 1) * L),
      steps: t,
      converged: outcome === 'fixed-point' || outcome === 'rollout',
      outcome,
      ...(period !== undefined && { period }),
      ...(histories && { history: histories[b] }),
    };
  };
  if (!rollout) lattices.forEach((_, b) => seen[b].set(hashCells(symbols, b * L, L), 0));
  let active = B;
  for (let t = 0; t < cap && active > 0; t++) {
    const next = tf.tidy(() => tf.argMax(preparedLogits(prepared, oneHotStates(symbols, B, L, S)), 2));
    const nextSymbols = next.dataSync();
    next.dispose();
    for (let b = 0; b < B; b++) {
      if (results[b]) continue;
      const base = b * L;
      let changed = false;
      for (let i = base; i < base + L; i++) {
        if (symbols[i] !== nextSymbols[i]) {
          changed = true;
          symbols[i] = nextSymbols[i];
        }
      }
      histories?.[b].push(symbols.slice(base, base + L));
      if (rollout) continue;
      if (!changed) {
        histories?.[b].pop();
        finish(b, t, 'fixed-point');
        active--;
        continue;
      }
      const key = hashCells(symbols, base, L);
      const earlier = seen[b].get(key);
      if (earlier !== undefined) {
        finish(b, t + 1, 'cycle', t + 1 - earlier);
        active--;
      } else {
        seen[b].set(key, t + 1);
      }
    }
  }
  for (let b = 0; b < B; b++) if (!results[b]) finish(b, cap, rollout ? 'rollout' : 'step-cap');
  return results as RunResult[];
}

/** The paper's relaxation: iterate h until max|h_{t+1} − h_t| < ε. */
function relaxContinuous(model: SeadModel, task: TaskShape, lattices: readonly Lattice[], prepared: PreparedStep, cap: number, record: boolean): RunResult[] {
  const B = lattices.length;
  const L = lattices[0].length;
  const S = task.stateSymbols.length;
  const { channels: C, epsilon } = model.config;
  const steps = new Int32Array(B).fill(-1);
  const histories: Uint8Array[][] | undefined = record ? Array.from({ length: B }, () => []) : undefined;
  let h: tf.Tensor3D = tf.fill([B, L, C], 0.5) as tf.Tensor3D;
  const remember = () => {
    if (!histories) return;
    const s = tf.tidy(() => readSymbols(h, S)).dataSync();
    for (let b = 0; b < B; b++) if (steps[b] < 0) histories[b].push(Uint8Array.from(s.subarray(b * L, (b + 1) * L)));
  };
  remember();
  let active = B;
  for (let t = 0; t < cap && active > 0; t++) {
    const [next, delta] = tf.tidy(() => {
      const proposed = tf.sigmoid(preparedLogits(prepared, h));
      const change = tf.max(tf.abs(tf.sub(proposed, h)), [1, 2]) as tf.Tensor1D;
      if (active === B) return [proposed, change];
      // Settled lattices keep their state: h·1 + p·0 and h·0 + p·1 are exact in floating point.
      const frozen = tf.tensor3d(Float32Array.from(steps, (s) => (s >= 0 ? 1 : 0)), [B, 1, 1]);
      return [tf.add(tf.mul(h, frozen), tf.mul(proposed, tf.sub(1, frozen))), change] as [tf.Tensor3D, tf.Tensor1D];
    });
    const d = delta.dataSync();
    delta.dispose();
    h.dispose();
    h = next;
    for (let b = 0; b < B; b++) {
      if (steps[b] < 0 && d[b] < epsilon) {
        steps[b] = t;
        active--;
      }
    }
    remember();
  }
  const symbols = tf.tidy(() => readSymbols(h, S));
  const all = Uint8Array.from(symbols.dataSync());
  symbols.dispose();
  h.dispose();
  return lattices.map((_, b) => ({
    symbols: all.slice(b * L, (b + 1) * L),
    steps: steps[b] >= 0 ? steps[b] : cap,
    converged: steps[b] >= 0,
    outcome: steps[b] >= 0 ? 'fixed-point' : 'step-cap',
    ...(histories && { history: histories[b] }),
  }));
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
