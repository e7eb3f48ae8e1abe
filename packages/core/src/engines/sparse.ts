import type { Lattice } from '@sead/tasks';
import type { FoldedRule } from '../compile/fold.js';
import { UNKNOWN } from '../compile/lazy.js';
import { StateDigest } from '../run/digest.js';
import type { Lane, Stepper } from '../run/stepper.js';

/**
 * What the sparse engine steps with: a model's table (folded, see `FoldedRule`) with its radius and
 * state count, and, for a table filled as runs meet its windows (`LazyTable`), how to fill an entry
 * still `UNKNOWN`.
 */
export interface StepTable extends FoldedRule {
  readonly radius: number;
  readonly states: number;
  readonly fill?: (index: number) => number;
}

/**
 * The sparse engine of discrete models: one lattice stepped event-driven on the model's compiled
 * table. A cell's next state depends only on its neighbourhood, so a cell can change at step t + 1
 * only if a cell within its radius changed at step t: after the first step, only those are
 * recomputed. A step walks the cells in increasing order in runs (every cell, or the windows around
 * the cells that changed in the previous step, merged where they come within reach of each other)
 * and updates each in place: a run carries the codes of the window it reads, taken before any was
 * overwritten. Under `Run`, its results are the dense engine's, step for step.
 *
 * Memory (by construction): 1 byte of state per cell (the lattice's tokens, 1 byte per cell, are
 * read in place) and two lists of the cells that changed, 4 bytes per entry, kept only while they
 * are shorter than L / (4·(2r + 1)): at most 2L / (2r + 1) bytes, 0.67 per cell at radius 1, and
 * only what they hold is ever touched. When more cells change, the next step sweeps every cell
 * instead: it then costs about as much as visiting the changed cells' windows one by one.
 */
export class TableStepper implements Stepper {
  readonly discrete = true;
  readonly size = 1;
  readonly length: number;
  readonly state: Uint8Array;
  /** Steps taken. */
  t = 0;
  /** Cells computed so far. */
  #updates = 0;
  /** The table over classes of codes, and each position's class of every code (see `FoldedRule`). */
  readonly #table: Uint8Array;
  readonly #classOf: readonly Int32Array[];
  /** Fills an entry of a lazy table; null for a compiled one (whose entries may then be 255, a symbol). */
  readonly #fill: ((index: number) => number) | null;
  readonly #tokens: Uint8Array;
  readonly #S: number;
  readonly #r: number;
  /** The codes of the window a run of radius > 1 reads, as a ring. */
  readonly #window: Int32Array;
  /** Longest change list kept; beyond it the next step sweeps every cell. */
  readonly #limit: number;
  /** The state's digest, kept once a lane asks for cycle detection. */
  #digest: StateDigest | null = null;
  /**
   * Cells that changed in the previous step, in increasing order; -1: too many (or t = 0), sweep
   * all. Both lists are allocated at their full length: memory the system hands out as it is
   * first written, so a list costs what it holds.
   */
  #changed: Int32Array;
  #changedCount = -1;
  /** The list the current step writes. */
  #next: Int32Array;

  constructor(rule: StepTable, lattice: Lattice) {
    const L = lattice.length;
    this.length = L;
    this.#table = rule.table;
    this.#classOf = rule.classOf;
    this.#fill = rule.fill ?? null;
    this.#tokens = lattice.tokens;
    this.#S = rule.states;
    this.#r = rule.radius;
    this.#window = new Int32Array(2 * rule.radius + 1);
    this.#limit = Math.floor(L / (4 * (2 * rule.radius + 1)));
    this.#changed = new Int32Array(this.#limit);
    this.#next = new Int32Array(this.#limit);
    this.state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
  }

  symbols(): Uint8Array {
    return this.state;
  }

  updates(): number {
    return this.#updates;
  }

  changes(): Int32Array | null {
    return this.t === 0 || this.#changedCount < 0 ? null : this.#changed.subarray(0, this.#changedCount);
  }

  retire(): void {}

  dispose(): void {}

  /**
   * Steps until step `until`, or until a step changes nothing ('rest', t is then where it rested),
   * the digest repeats one the lane's cycle finder saved ('repeat') or the cells computed reach the
   * lane's bound ('capped').
   */
  advance(until: number, lanes: readonly Lane[]): void {
    const lane = lanes[0];
    if (lane.cycles && !this.#digest) this.#digest = new StateDigest();
    lane.status = this.#advance(until, lane);
    lane.t = this.t;
  }

  #advance(until: number, lane: Lane): Lane['status'] {
    const { cycles, maxUpdates } = lane;
    while (this.t < until) {
      if (this.#updates >= maxUpdates) return 'capped';
      if (this.#changedCount === 1 && this.#r === 1) {
        const status = this.#front(until, lane);
        if (status !== 'moved') return status;
        continue;
      }
      if (!this.#step()) return 'rest';
      if (cycles && cycles.repeats(this.#digest!.value)) return 'repeat';
    }
    return 'moved';
  }

  /**
   * Radius 1, while a single cell changes per step (a carry, a light cone's front): the steps in
   * one loop, everything in registers. Returns when the front splits or stops, at `until`, on a
   * repeat or at the bound; the lattice is then as `#step` would have left it.
   */
  #front(until: number, lane: Lane): Lane['status'] {
    const { state } = this;
    const L = state.length;
    const tokens = this.#tokens;
    const table = this.#table;
    const ofLeft = this.#classOf[0];
    const ofCentre = this.#classOf[1];
    const ofRight = this.#classOf[2];
    const fill = this.#fill;
    const S = this.#S;
    const { cycles, maxUpdates } = lane;
    const digest = this.#digest;
    let c = this.#changed[0];
    while (this.t < until) {
      if (this.#updates >= maxUpdates) return 'capped';
      const from = c > 0 ? c - 1 : 0;
      const to = c + 1 < L ? c + 1 : L - 1;
      this.#updates += to - from + 1;
      let left = from > 0 ? 1 + tokens[from - 1] * S + state[from - 1] : 0;
      let centre = 1 + tokens[from] * S + state[from];
      let changes = 0;
      let first = -1;
      for (let i = from; i <= to; i++) {
        const right = i + 1 < L ? 1 + tokens[i + 1] * S + state[i + 1] : 0;
        const at = ofLeft[left] + ofCentre[centre] + ofRight[right];
        let next = table[at];
        if (next === UNKNOWN && fill) next = fill(at);
        if (next !== state[i]) {
          digest?.change(i, state[i], next);
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
        return cycles && cycles.repeats(digest!.value) ? 'repeat' : 'moved';
      }
      c = first;
      this.#changed[0] = c;
      if (cycles && cycles.repeats(digest!.value)) return 'repeat';
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
  #step(): boolean {
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
    this.#updates += to - from + 1;
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
    const fill = this.#fill;
    const S = this.#S;
    const L = state.length;
    let left = from > 0 ? 1 + tokens[from - 1] * S + state[from - 1] : 0;
    let centre = 1 + tokens[from] * S + state[from];
    for (let i = from; i <= to; i++) {
      const right = i + 1 < L ? 1 + tokens[i + 1] * S + state[i + 1] : 0;
      const at = ofLeft[left] + ofCentre[centre] + ofRight[right];
      let next = table[at];
      if (next === UNKNOWN && fill) next = fill(at);
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
    const fill = this.#fill;
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
      let next = table[index];
      if (next === UNKNOWN && fill) next = fill(index);
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

  /** Notes that cell i changes from → to, as the step's change number `n`. */
  #record(i: number, from: number, to: number, n: number): void {
    this.#digest?.change(i, from, to);
    if (n < this.#limit) this.#next[n] = i;
  }
}
