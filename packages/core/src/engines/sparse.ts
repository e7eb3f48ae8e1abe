import type { Lattice } from '@sead/tasks';
import type { RunResult } from '../relax.js';
import type { CompiledRule } from './compile.js';

export interface SparseOptions {
  /** Fixed-point runs: the step cap (the dense engine's default is 2L + 64). */
  maxSteps: number;
  rollout: boolean;
  record?: boolean;
}

/**
 * Event-driven relaxation on a compiled table. A cell's next state depends only on its
 * neighbourhood, so a cell can change at step t + 1 only if a cell within its radius changed at
 * step t: after the first step, only those are recomputed, and a run ends when nothing changed.
 * The results (symbols, steps, outcome, period) are those of the dense engine, step for step.
 *
 * Memory: the lattice's tokens and states (1 byte each per cell), a step stamp (4 bytes) and the
 * active and changed lists, which grow with the front that moves (at most 4 + 4 + 1 bytes per cell).
 */
export function relaxSparse(rule: CompiledRule, lattice: Lattice, options: SparseOptions): RunResult {
  const run = new SparseLattice(rule, lattice, !options.rollout);
  const cap = options.rollout ? (lattice.steps ?? 0) : options.maxSteps;
  const history = options.record ? [run.state.slice()] : undefined;
  if (options.rollout) {
    // A rollout whose lattice stops moving repeats its state for the remaining steps.
    while (run.t < cap && run.step()) history?.push(run.state.slice());
    while (history && history.length <= cap) history.push(run.state.slice());
    return { symbols: run.state, steps: cap, converged: true, outcome: 'rollout', ...(history && { history }) };
  }
  // Brent's cycle finding on the lattice's digest: O(1) memory however long the run. It may see a
  // cycle only after the first repeat (the dense engine's stopping point), at most 3·(μ + λ) steps
  // in, so a run that reaches the cap goes on looking that far before calling it a step cap.
  let saved = run.digest();
  let power = 1;
  let lambda = 0;
  let atCap: Uint8Array | undefined;
  while (run.t < 3 * cap + 2) {
    if (run.t === cap) atCap = run.state.slice();
    if (!run.step()) {
      if (!atCap) return { symbols: run.state, steps: run.t, converged: true, outcome: 'fixed-point', ...(history && { history }) };
      break;
    }
    if (!atCap) history?.push(run.state.slice());
    lambda++;
    if (run.digest() === saved) {
      // Brent found the period λ; the dense engine stops at the first repeat, step μ + λ, where μ
      // is where the cycle starts. Two fresh runs λ steps apart meet at μ.
      const start = firstRepeat(rule, lattice, lambda);
      if (start + lambda > cap) break;
      const first = new SparseLattice(rule, lattice, false);
      const trace = options.record ? [first.state.slice()] : undefined;
      while (first.t < start + lambda) {
        first.step();
        trace?.push(first.state.slice());
      }
      return { symbols: first.state, steps: first.t, converged: false, outcome: 'cycle', period: lambda, ...(trace && { history: trace }) };
    }
    if (lambda === power) {
      saved = run.digest();
      power *= 2;
      lambda = 0;
    }
  }
  return { symbols: atCap ?? run.state, steps: cap, converged: false, outcome: 'step-cap', ...(history && { history }) };
}

/** μ: the first step of the cycle, found by running two copies λ steps apart until they agree. */
function firstRepeat(rule: CompiledRule, lattice: Lattice, lambda: number): number {
  const behind = new SparseLattice(rule, lattice, true);
  const ahead = new SparseLattice(rule, lattice, true);
  for (let k = 0; k < lambda; k++) ahead.step();
  while (behind.digest() !== ahead.digest()) {
    behind.step();
    ahead.step();
  }
  return behind.t;
}

/** One lattice under a compiled rule, advanced a synchronous step at a time, event-driven. */
class SparseLattice {
  readonly state: Uint8Array;
  /** Steps taken. */
  t = 0;
  readonly #rule: CompiledRule;
  readonly #tokens: Uint8Array;
  readonly #powers: number[];
  readonly #stamp: Uint32Array;
  readonly #digest: Digest | undefined;
  #active = new Int32Array(0);
  /** -1: every cell (the first step, and after any step that changed cells everywhere). */
  #activeCount = -1;
  #changedAt: Int32Array;
  #changedTo: Uint8Array;

  constructor(rule: CompiledRule, lattice: Lattice, withDigest: boolean) {
    const L = lattice.length;
    this.#rule = rule;
    this.#tokens = lattice.tokens;
    this.state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
    this.#powers = Array.from({ length: 2 * rule.radius + 1 }, (_, k) => rule.base ** k);
    this.#stamp = new Uint32Array(L);
    this.#changedAt = new Int32Array(Math.min(L, 1 << 16));
    this.#changedTo = new Uint8Array(this.#changedAt.length);
    this.#digest = withDigest ? new Digest() : undefined;
  }

  digest(): number {
    return this.#digest!.key();
  }

  /** One synchronous step; false when nothing changed (a fixed point). */
  step(): boolean {
    const { state } = this;
    const L = state.length;
    const { table, states: S, radius: r } = this.#rule;
    const tokens = this.#tokens;
    const powers = this.#powers;
    let changes = 0;
    const count = this.#activeCount < 0 ? L : this.#activeCount;
    for (let a = 0; a < count; a++) {
      const i = this.#activeCount < 0 ? a : this.#active[a];
      let index = 0;
      for (let k = 0, j = i - r; k < powers.length; k++, j++) {
        if (j >= 0 && j < L) index += (1 + tokens[j] * S + state[j]) * powers[k];
      }
      const next = table[index];
      if (next === state[i]) continue;
      if (changes === this.#changedAt.length) this.#grow();
      this.#changedAt[changes] = i;
      this.#changedTo[changes++] = next;
    }
    if (changes === 0) return false;
    // Apply all at once (the update is synchronous), then wake every cell within reach; when the
    // changes are everywhere, the next step simply sweeps every cell.
    const mark = ++this.t;
    const sweep = changes * (2 * r + 1) > L / 4;
    let woken = 0;
    for (let c = 0; c < changes; c++) {
      const i = this.#changedAt[c];
      this.#digest?.change(i, state[i], this.#changedTo[c]);
      state[i] = this.#changedTo[c];
      if (sweep) continue;
      const last = i + r < L ? i + r : L - 1;
      for (let j = i - r > 0 ? i - r : 0; j <= last; j++) {
        if (this.#stamp[j] === mark) continue;
        this.#stamp[j] = mark;
        if (woken === this.#active.length) this.#active = grow(this.#active, Math.min(L, Math.max(1024, 2 * this.#active.length)));
        this.#active[woken++] = j;
      }
    }
    this.#activeCount = sweep ? -1 : woken;
    return true;
  }

  #grow(): void {
    const size = Math.min(this.state.length, 2 * this.#changedAt.length);
    this.#changedAt = grow(this.#changedAt, size);
    const to = new Uint8Array(this.#changedAt.length);
    to.set(this.#changedTo);
    this.#changedTo = to;
  }
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(size, array.length + 1));
  bigger.set(array);
  return bigger;
}

/**
 * A Zobrist-style digest of a lattice relative to its initial state, updated in O(1) per changed
 * cell: the XOR over cells of hash(position, symbol now) ^ hash(position, symbol at t = 0), in two
 * independent 32-bit halves. Two states of one run are equal exactly when (up to a hash collision)
 * their digests are, and the initial state's digest is 0 without reading a cell.
 */
class Digest {
  #a = 0;
  #b = 0;

  change(i: number, from: number, to: number): void {
    this.#toggle(i, from);
    this.#toggle(i, to);
  }

  /** 53 bits of the digest, as one number. */
  key(): number {
    return (this.#a >>> 0) * 0x200000 + ((this.#b >>> 0) >>> 11);
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
