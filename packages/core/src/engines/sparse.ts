import type { Lattice } from '@sead/tasks';
import type { Outcome, RunResult } from '../relax.js';
import type { CompiledRule } from './compile.js';

export interface SparseOptions {
  /** Fixed-point runs: the step cap (the dense engine's default is 2L + 64). */
  maxSteps: number;
  rollout: boolean;
  record?: boolean;
}

/** Cycle detection keeps one digest per step up to here; longer runs stop looking for cycles. */
const MAX_REMEMBERED_STEPS = 1 << 22;

/**
 * Event-driven relaxation on a compiled table. A cell's next state depends only on its
 * neighbourhood, so a cell can change at step t + 1 only if a cell within its radius changed at
 * step t: after the first step, only those are recomputed, and a run ends when nothing changed.
 * The results (symbols, steps, outcome) are those of the dense engine, step for step.
 *
 * Memory: the lattice's tokens and states (1 byte each per cell), a step stamp (4 bytes) and the
 * active and changed lists, which grow with the front that moves (at most 4 + 4 + 1 bytes per cell).
 */
export function relaxSparse(rule: CompiledRule, lattice: Lattice, options: SparseOptions): RunResult {
  const L = lattice.length;
  const { table, base, states: S, radius: r } = rule;
  const W = 2 * r + 1;
  const tokens = lattice.tokens;
  const state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
  const cap = options.rollout ? (lattice.steps ?? 0) : options.maxSteps;
  const history = options.record ? [state.slice()] : undefined;
  const powers = Array.from({ length: W }, (_, k) => base ** k);
  const codeAt = (i: number) => (i < 0 || i >= L ? 0 : 1 + tokens[i] * S + state[i]);
  const nextOf = (i: number) => {
    let index = 0;
    for (let k = 0; k < W; k++) index += codeAt(i - r + k) * powers[k];
    return table[index];
  };

  let active = new Int32Array(0);
  let activeCount = -1; // -1: every cell (the first step)
  let changedAt = new Int32Array(Math.min(L, 1 << 16));
  let changedTo = new Uint8Array(changedAt.length);
  const stamp = new Uint32Array(L);
  // Rollouts stop after K steps whatever happens; fixed-point runs watch for cycles.
  const digest = options.rollout ? undefined : new Digest(state);
  const seen = digest && new Map<string, number>([[digest.key(), 0]]);

  let t = 0;
  let outcome: Outcome | undefined;
  let period: number | undefined;
  while (t < cap) {
    let changes = 0;
    const consider = (i: number) => {
      const next = nextOf(i);
      if (next === state[i]) return;
      if (changes === changedAt.length) {
        changedAt = grow(changedAt, Math.min(L, changedAt.length * 2));
        changedTo = growBytes(changedTo, changedAt.length);
      }
      changedAt[changes] = i;
      changedTo[changes++] = next;
    };
    if (activeCount < 0) for (let i = 0; i < L; i++) consider(i);
    else for (let a = 0; a < activeCount; a++) consider(active[a]);
    if (changes === 0) {
      if (!options.rollout) outcome = 'fixed-point';
      break;
    }
    // Apply all at once (the update is synchronous), then wake every cell within reach.
    const mark = t + 1;
    let count = 0;
    for (let c = 0; c < changes; c++) {
      const i = changedAt[c];
      digest?.change(i, state[i], changedTo[c]);
      state[i] = changedTo[c];
      for (let j = Math.max(0, i - r); j <= Math.min(L - 1, i + r); j++) {
        if (stamp[j] === mark) continue;
        stamp[j] = mark;
        if (count === active.length) active = grow(active, Math.min(L, Math.max(1024, active.length * 2)));
        active[count++] = j;
      }
    }
    activeCount = count;
    t++;
    history?.push(state.slice());
    if (seen && digest && t <= MAX_REMEMBERED_STEPS) {
      const key = digest.key();
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        outcome = 'cycle';
        period = t - earlier;
        break;
      }
      seen.set(key, t);
    }
  }
  if (options.rollout) {
    // Nothing moves any more: the remaining steps repeat this state.
    while (history && history.length <= cap) history.push(state.slice());
    return { symbols: state, steps: cap, converged: true, outcome: 'rollout', ...(history && { history }) };
  }
  const final: Outcome = outcome ?? 'step-cap';
  return {
    symbols: state,
    steps: final === 'step-cap' ? cap : t,
    converged: final === 'fixed-point',
    outcome: final,
    ...(period !== undefined && { period }),
    ...(history && { history }),
  };
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(size, array.length + 1));
  bigger.set(array);
  return bigger;
}

function growBytes(array: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(size);
  bigger.set(array);
  return bigger;
}

/**
 * A Zobrist-style digest of a lattice, updated in O(1) per changed cell: the XOR over cells of a
 * hash of (position, symbol), in two independent 32-bit halves.
 */
class Digest {
  #a = 0;
  #b = 0;

  constructor(state: Uint8Array) {
    for (let i = 0; i < state.length; i++) this.#toggle(i, state[i]);
  }

  change(i: number, from: number, to: number): void {
    this.#toggle(i, from);
    this.#toggle(i, to);
  }

  key(): string {
    return `${this.#a >>> 0}:${this.#b >>> 0}`;
  }

  #toggle(i: number, symbol: number): void {
    this.#a ^= mix(Math.imul(i, 0x9e3779b1) ^ Math.imul(symbol + 1, 0x85ebca6b));
    this.#b ^= mix(Math.imul(i ^ 0x5bd1e995, 0xc2b2ae35) + Math.imul(symbol + 7, 0x27d4eb2f));
  }
}

function mix(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}
