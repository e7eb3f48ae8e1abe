import type { Lattice } from '@sead/tasks';
import type { RunResult } from '../relax.js';
import type { CompiledRule } from './compile.js';
import { reduceRule, type ReducedRule } from './reduce.js';

export interface SparseOptions {
  /** Fixed-point runs: the step cap (the dense engine's default is 2L + 64). */
  maxSteps: number;
  rollout: boolean;
  record?: boolean;
  /** The most cell updates to compute; the run stops with outcome `update-cap` once it has (default: none). */
  maxUpdates?: number;
  /** The step cycle detection starts at (default `HASH_FROM`); any gives the same results. */
  hashFrom?: number;
}

/**
 * Steps before cycle detection starts. Runs that settle do so in a handful of steps (random sums)
 * or move a thin front (carries, light cones); hashing the many changes of the first steps would
 * cost more than the rest of the run, and starting later finds the same cycle, only later.
 */
const HASH_FROM = 64;

/**
 * Event-driven relaxation on a compiled table. A cell's next state depends only on its
 * neighbourhood, so a cell can change at step t + 1 only if a cell within its radius changed at
 * step t: after the first step, only those are recomputed, and a run ends when nothing changed.
 * The results (symbols, steps, outcome, period) are those of the dense engine, step for step.
 *
 * Memory (by construction): 1 byte of state per cell (the lattice's tokens, 1 byte per cell, are
 * read in place) and two lists of the cells that changed, 4 bytes per entry, kept only while they
 * are shorter than L / (4·(2r + 1)): at most 2L / (2r + 1) bytes, 0.67 per cell at radius 1, and
 * only what they hold is ever touched. When more cells change, the next step sweeps every cell
 * instead: it then costs about as much as visiting the changed cells' windows one by one.
 */
export function relaxSparse(rule: CompiledRule, lattice: Lattice, options: SparseOptions): RunResult {
  const run = new SparseLattice(rule, lattice, options.maxUpdates ?? Infinity);
  const cap = options.rollout ? (lattice.steps ?? 0) : options.maxSteps;
  const history = options.record ? [run.state.slice()] : undefined;
  if (options.rollout) {
    // A rollout whose lattice stops moving repeats its state for the remaining steps.
    let status: Status = 'moved';
    while (run.t < cap && (status = run.advance(history ? run.t + 1 : cap)) === 'moved') history?.push(run.state.slice());
    if (status === 'capped') return { symbols: run.state, steps: run.t, converged: false, outcome: 'update-cap', updates: run.updates, ...(history && { history }) };
    while (history && history.length <= cap) history.push(run.state.slice());
    return { symbols: run.state, steps: cap, converged: true, outcome: 'rollout', updates: run.updates, ...(history && { history }) };
  }
  // Brent's cycle finding on the lattice's digest, from step `hashFrom` on: O(1) memory however
  // long the run. It sees a cycle only after the first repeat (the dense engine's stopping point),
  // at most hashFrom + 3·(μ + λ) steps in, so a run that reaches the cap goes on looking that far
  // before calling it a step cap.
  const hashFrom = options.hashFrom ?? HASH_FROM;
  const end = hashFrom + 3 * cap + 2;
  let atCap: Uint8Array | undefined;
  while (run.t < end) {
    if (run.t === cap) atCap = run.state.slice();
    if (run.t === hashFrom) run.startDigest();
    // Run freely up to the next step where something must be done, one step at a time if recording.
    const until = history ? run.t + 1 : Math.min(end, run.t < cap ? cap : end, run.t < hashFrom ? hashFrom : end);
    const status = run.advance(until);
    if (status === 'rest') {
      if (!atCap) return { symbols: run.state, steps: run.t, converged: true, outcome: 'fixed-point', updates: run.updates, ...(history && { history }) };
      break;
    }
    // Past the step cap, the run only looks for a cycle: the step cap came first.
    if (status === 'capped') {
      if (!atCap) return { symbols: run.state, steps: run.t, converged: false, outcome: 'update-cap', updates: run.updates, ...(history && { history }) };
      break;
    }
    if (!atCap) history?.push(run.state.slice());
    if (status === 'repeat') {
      // Brent found the period λ; the dense engine stops at the first repeat, step μ + λ, where μ
      // is where the cycle starts. Two fresh runs λ steps apart meet at μ.
      const lambda = run.period;
      const start = firstRepeat(rule, lattice, lambda);
      if (start + lambda > cap) break;
      const first = new SparseLattice(rule, lattice);
      const trace = options.record ? [first.state.slice()] : undefined;
      while (first.t < start + lambda) {
        first.step();
        trace?.push(first.state.slice());
      }
      return { symbols: first.state, steps: first.t, converged: false, outcome: 'cycle', period: lambda, updates: run.updates, ...(trace && { history: trace }) };
    }
  }
  return { symbols: atCap ?? run.state, steps: cap, converged: false, outcome: 'step-cap', updates: run.updates, ...(history && { history }) };
}

const reductions = new WeakMap<CompiledRule, ReducedRule>();

/** The rule's reduced table, built once per compiled rule. */
function reducedRule(rule: CompiledRule): ReducedRule {
  let reduced = reductions.get(rule);
  if (!reduced) {
    reduced = reduceRule(rule);
    reductions.set(rule, reduced);
  }
  return reduced;
}

/** μ: the first step of the cycle, found by running two copies λ steps apart until they agree. */
function firstRepeat(rule: CompiledRule, lattice: Lattice, lambda: number): number {
  const behind = new SparseLattice(rule, lattice);
  const ahead = new SparseLattice(rule, lattice);
  behind.startDigest();
  ahead.startDigest();
  for (let k = 0; k < lambda; k++) ahead.step();
  while (behind.digest() !== ahead.digest()) {
    behind.step();
    ahead.step();
  }
  return behind.t;
}

/**
 * One lattice under a compiled rule, advanced a synchronous step at a time, event-driven. A step
 * walks the cells in increasing order in runs (every cell, or the windows around the cells that
 * changed in the previous step, merged where they come within reach of each other) and updates
 * each in place: a run carries the codes of the window it reads, taken before any was overwritten.
 */
/** How `advance` stopped. */
type Status = 'moved' | 'rest' | 'repeat' | 'capped';

class SparseLattice {
  readonly state: Uint8Array;
  /** Steps taken. */
  t = 0;
  /** Cells computed so far, and the most it may compute. */
  updates = 0;
  readonly #maxUpdates: number;
  /** The table over classes of codes, and each position's class of every code (see `ReducedRule`). */
  readonly #table: Uint8Array;
  readonly #classOf: readonly Int32Array[];
  readonly #tokens: Uint8Array;
  readonly #S: number;
  readonly #r: number;
  /** The codes of the window a run of radius > 1 reads, as a ring. */
  readonly #window: Int32Array;
  /** Longest change list kept; beyond it the next step sweeps every cell. */
  readonly #limit: number;
  /**
   * A Zobrist-style digest of the state relative to the state where it started, updated in O(1)
   * per changed cell: the XOR over cells of hash(position, symbol now) ^ hash(position, symbol at
   * the start), in two independent 32-bit halves. Two states of one run are equal exactly when (up
   * to a hash collision) their digests are, and the starting state's digest is 0 without reading
   * a cell.
   */
  #hashing = false;
  #digestA = 0;
  #digestB = 0;
  /** Brent's cycle finding on the digest: the digest saved, the power of two, steps since. */
  #saved = 0;
  #power = 1;
  #lambda = 0;
  /**
   * Cells that changed in the previous step, in increasing order; -1: too many (or t = 0), sweep
   * all. Both lists are allocated at their full length: memory the system hands out as it is
   * first written, so a list costs what it holds.
   */
  #changed: Int32Array;
  #changedCount = -1;
  /** The list the current step writes. */
  #next: Int32Array;

  constructor(rule: CompiledRule, lattice: Lattice, maxUpdates = Infinity) {
    const L = lattice.length;
    this.#maxUpdates = maxUpdates;
    const reduced = reducedRule(rule);
    this.#table = reduced.table;
    this.#classOf = reduced.classOf;
    this.#tokens = lattice.tokens;
    this.#S = rule.states;
    this.#r = rule.radius;
    this.#window = new Int32Array(2 * rule.radius + 1);
    this.#limit = Math.floor(L / (4 * (2 * rule.radius + 1)));
    this.#changed = new Int32Array(this.#limit);
    this.#next = new Int32Array(this.#limit);
    this.state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
  }

  /** Starts the digest of the state from here on (it reads 0 now). */
  startDigest(): void {
    this.#hashing = true;
  }

  /** 53 bits of the digest, as one number. */
  digest(): number {
    return (this.#digestA >>> 0) * 0x200000 + ((this.#digestB >>> 0) >>> 11);
  }

  /** The period Brent's search found, after `advance` said 'repeat'. */
  get period(): number {
    return this.#lambda;
  }

  /**
   * Steps until step `until`, or until a step changes nothing ('rest', t is then where it rested)
   * or, with the digest on, the digest repeats one Brent saved ('repeat', see `period`), or the
   * cells computed reach the bound ('capped').
   */
  advance(until: number): Status {
    while (this.t < until) {
      if (this.updates >= this.#maxUpdates) return 'capped';
      if (this.#changedCount === 1 && this.#r === 1) {
        const status = this.#front(until);
        if (status !== 'moved') return status;
        continue;
      }
      if (!this.step()) return 'rest';
      if (this.#hashing && this.#repeats()) return 'repeat';
    }
    return 'moved';
  }

  /** Brent's step: whether the digest after this step is the one saved. */
  #repeats(): boolean {
    this.#lambda++;
    const digest = this.digest();
    if (digest === this.#saved) return true;
    if (this.#lambda === this.#power) {
      this.#saved = digest;
      this.#power *= 2;
      this.#lambda = 0;
    }
    return false;
  }

  /**
   * Radius 1, while a single cell changes per step (a carry, a light cone's front): the steps in
   * one loop, everything in registers. Returns when the front splits or stops, at `until`, or on a
   * repeat; the lattice is then as `step` would have left it.
   */
  #front(until: number): Status {
    const { state } = this;
    const L = state.length;
    const tokens = this.#tokens;
    const table = this.#table;
    const ofLeft = this.#classOf[0];
    const ofCentre = this.#classOf[1];
    const ofRight = this.#classOf[2];
    const S = this.#S;
    const hashing = this.#hashing;
    const maxUpdates = this.#maxUpdates;
    let c = this.#changed[0];
    while (this.t < until) {
      if (this.updates >= maxUpdates) return 'capped';
      const from = c > 0 ? c - 1 : 0;
      const to = c + 1 < L ? c + 1 : L - 1;
      this.updates += to - from + 1;
      let left = from > 0 ? 1 + tokens[from - 1] * S + state[from - 1] : 0;
      let centre = 1 + tokens[from] * S + state[from];
      let changes = 0;
      let first = -1;
      for (let i = from; i <= to; i++) {
        const right = i + 1 < L ? 1 + tokens[i + 1] * S + state[i + 1] : 0;
        const next = table[ofLeft[left] + ofCentre[centre] + ofRight[right]];
        if (next !== state[i]) {
          if (hashing) this.#hash(i, state[i], next);
          if (changes === 0) first = i;
          else this.#listChange(i, changes, first);
          changes++;
          state[i] = next;
        }
        left = centre;
        centre = right;
      }
      if (changes === 0) {
        this.#changed[0] = c;
        return 'rest';
      }
      this.t++;
      if (changes > 1) {
        // The front split: back to lists (#listChange wrote them to the next list).
        const list = this.#changed;
        this.#changed = this.#next;
        this.#next = list;
        this.#changedCount = changes > this.#limit ? -1 : changes;
        return hashing && this.#repeats() ? 'repeat' : 'moved';
      }
      c = first;
      this.#changed[0] = c;
      if (hashing && this.#repeats()) return 'repeat';
    }
    return 'moved';
  }

  /** In `#front`, a step's second or later change: lists the first one and this one. */
  #listChange(i: number, n: number, first: number): void {
    if (n >= this.#limit) return;
    if (n === 1) this.#next[0] = first;
    this.#next[n] = i;
  }

  /** One synchronous step; false when nothing changed (a fixed point). */
  step(): boolean {
    const L = this.state.length;
    const r = this.#r;
    let changes = 0;
    const count = this.#changedCount;
    if (count < 0) {
      changes = this.#run(0, L - 1, 0);
    } else {
      const changed = this.#changed;
      let k = 0;
      while (k < count) {
        const start = changed[k] - r;
        let end = changed[k] + r;
        // Windows that come within reach of each other are one run: a run reads r cells beyond
        // its ends, and those must not have been overwritten by this step yet.
        for (k++; k < count && changed[k] - r <= end + r; k++) end = changed[k] + r;
        changes = this.#run(start > 0 ? start : 0, end < L ? end : L - 1, changes);
      }
    }
    if (changes === 0) return false;
    const list = this.#changed;
    this.#changed = this.#next;
    this.#next = list;
    this.#changedCount = changes > this.#limit ? -1 : changes;
    this.t++;
    return true;
  }

  /** Updates cells from..to (inclusive); returns the step's change count so far. */
  #run(from: number, to: number, changes: number): number {
    this.updates += to - from + 1;
    return this.#r === 1 ? this.#runRadius1(from, to, changes) : this.#runAnyRadius(from, to, changes);
  }

  /** Radius 1, the shipped models' window: three codes in registers. */
  #runRadius1(from: number, to: number, changes: number): number {
    const { state } = this;
    const tokens = this.#tokens;
    const table = this.#table;
    const ofLeft = this.#classOf[0];
    const ofCentre = this.#classOf[1];
    const ofRight = this.#classOf[2];
    const S = this.#S;
    const L = state.length;
    let left = from > 0 ? 1 + tokens[from - 1] * S + state[from - 1] : 0;
    let centre = 1 + tokens[from] * S + state[from];
    for (let i = from; i <= to; i++) {
      const right = i + 1 < L ? 1 + tokens[i + 1] * S + state[i + 1] : 0;
      const next = table[ofLeft[left] + ofCentre[centre] + ofRight[right]];
      if (next !== state[i]) {
        this.#record(i, state[i], next, changes++);
        state[i] = next;
      }
      left = centre;
      centre = right;
    }
    return changes;
  }

  /** Any radius: the window's codes roll through a ring, one cell right at a time. */
  #runAnyRadius(from: number, to: number, changes: number): number {
    const { state } = this;
    const tokens = this.#tokens;
    const table = this.#table;
    const classOf = this.#classOf;
    const S = this.#S;
    const r = this.#r;
    const W = 2 * r + 1;
    const window = this.#window;
    const L = state.length;
    for (let k = 0; k < W; k++) {
      const j = from - r + k;
      window[k] = j >= 0 && j < L ? 1 + tokens[j] * S + state[j] : 0;
    }
    // window[(oldest + k) % W] holds the code at position k of cell i's window.
    let oldest = 0;
    for (let i = from; i <= to; i++) {
      let index = 0;
      for (let k = 0, at = oldest; k < W; k++, at = at + 1 === W ? 0 : at + 1) index += classOf[k][window[at]];
      const next = table[index];
      if (next !== state[i]) {
        this.#record(i, state[i], next, changes++);
        state[i] = next;
      }
      const j = i + r + 1;
      window[oldest] = j < L ? 1 + tokens[j] * S + state[j] : 0;
      oldest = oldest + 1 === W ? 0 : oldest + 1;
    }
    return changes;
  }

  /** The digest's update for cell i changing from → to. */
  #hash(i: number, from: number, to: number): void {
    // hash(i, s) = (mix(i) · K[s], mix(mix(i)) · K'[s]), K and K' odd: two mixes per change.
    const a = mix(i + 0x9e3779b9);
    const b = mix(a ^ 0x5bd1e995);
    this.#digestA ^= Math.imul(a, SYMBOL_KEYS[2 * from]) ^ Math.imul(a, SYMBOL_KEYS[2 * to]);
    this.#digestB ^= Math.imul(b, SYMBOL_KEYS[2 * from + 1]) ^ Math.imul(b, SYMBOL_KEYS[2 * to + 1]);
  }

  /** Notes that cell i changes from → to, as the step's change number `n`. */
  #record(i: number, from: number, to: number, n: number): void {
    if (this.#hashing) this.#hash(i, from, to);
    if (n < this.#limit) this.#next[n] = i;
  }
}

/** Two odd 32-bit keys per state symbol, for the digest's two halves (a fixed, seeded draw). */
const SYMBOL_KEYS = (() => {
  const keys = new Int32Array(2 * 256);
  let x = 0x2545f491;
  for (let k = 0; k < keys.length; k++) keys[k] = (x = mix(x + 0x6d2b79f5)) | 1;
  return keys;
})();

function mix(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}
