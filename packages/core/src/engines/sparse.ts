import { latticeGrid, type Lattice } from '@sead/tasks';
import type { GridTable } from '../compile/grid-table.js';
import type { FoldedRule } from '../compile/fold.js';
import { UNKNOWN } from '../compile/lazy.js';
import { StateDigest } from '../run/digest.js';
import type { Lane, Stepper } from '../run/stepper.js';
import { ReaderRuns } from './readers.js';

/**
 * What the sparse engine steps with: a model's table with its radius and state count. The engine
 * reads a window as its rows of 2r + 1 codes (one in a row lattice, 2r + 1 in a grid), each row
 * valued Σ_k classOf[k][code_k] (k leftmost first).
 *
 * A row model's table (folded, see `FoldedRule`) is indexed by its window's one row value; for a
 * table filled as runs meet its windows (`LazyTable`), `fill` computes an entry still `UNKNOWN`.
 */
export interface RowStepTable extends FoldedRule {
  readonly radius: number;
  readonly states: number;
  readonly fill?: (index: number) => number;
}

/** What the sparse engine steps with: a row model's table, or a grid model's (see `GridTable`). */
export type StepTable = RowStepTable | GridTable;

const isGridTable = (table: StepTable): table is GridTable => 'nextOfRows' in table;

/**
 * The sparse engine of discrete models: one lattice, a row or a grid, stepped event-driven on the
 * model's table. A cell's next state depends only on its window, so a cell can change at step t + 1
 * only if a cell of its window changed at step t: after the first step, only those cells are
 * recomputed. A step walks them in increasing order, in runs along each row of the lattice (every
 * cell, or the windows around the cells that changed in the previous step, merged where they come
 * within reach of each other, see `ReaderRuns`). Under `Run`, its results are the dense engine's,
 * step for step.
 *
 * Both update cells in place. A row's run rolls the codes of the window it reads one cell right at
 * a time, each taken before it could be overwritten. A grid's later rows read the rows above them,
 * so a grid keeps, for each cell, the value of its window row (its codes and its r neighbours' on
 * each side, see `RowStepTable`) as it was before the step; runs read those, and the step's changes
 * update them once it is done.
 *
 * Memory (by construction): 1 byte of state per cell (the lattice's tokens, 1 byte per cell, are
 * read in place), in a grid 2 or 4 more for the row values (2 while they stay below 2¹⁶), and two
 * lists of the cells that changed, 4 bytes per entry, kept only while they are shorter than
 * L / (4·w) for windows of w cells: at most 2L / w bytes, 0.67 per cell for a row at radius 1, and
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
  /** The lattice's rows and columns (a row lattice: 1 × L). */
  readonly #rows: number;
  readonly #columns: number;
  /** Rows of a window: 1 for a row model, 2r + 1 for a grid model. */
  readonly #windowRows: number;
  /** Codes at each column of a window row, by class (see `RowStepTable`). */
  readonly #classOf: readonly Int32Array[];
  /** A row model's table, and how to fill an entry of a lazy one (null: compiled, whose entries may then be 255, a symbol). */
  readonly #table: Uint8Array | null;
  readonly #fill: ((index: number) => number) | null;
  /** A grid model's table. */
  readonly #grid: GridTable | null;
  readonly #tokens: Uint8Array;
  readonly #S: number;
  readonly #r: number;
  /** A row's run at radius > 1: the codes of the window it reads, as a ring. */
  readonly #window: Int32Array;
  /** A grid: each cell's window-row value before the step (null for a row). */
  readonly #rowValueOf: Uint16Array | Int32Array | null;
  /** A window row's value beyond the grid's top or bottom edge (every code 0). */
  readonly #outsideRow: number;
  /** A grid's run: the values of the window's rows for the cell it looks up, and where each row starts (−1: beyond the edge). */
  readonly #rowValues: Int32Array;
  readonly #rowStarts: Int32Array;
  #enteredRow = -1;
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
  /** The runs around a step's changes, and what a walk of them calls (the step's change count so far in `#stepChanges`). */
  readonly #readers: ReaderRuns;
  readonly #visit = (row: number, from: number, to: number) => {
    this.#stepChanges = this.#run(row, from, to, this.#stepChanges);
  };
  #stepChanges = 0;

  constructor(table: StepTable, lattice: Lattice) {
    const L = lattice.length;
    this.length = L;
    const grid = isGridTable(table) ? table : null;
    const { rows, columns } = grid ? latticeGrid(lattice) : { rows: 1, columns: L };
    this.#rows = rows;
    this.#columns = columns;
    this.#windowRows = grid ? grid.windowRows : 1;
    this.#classOf = table.classOf;
    this.#grid = grid;
    this.#table = grid ? null : (table as RowStepTable).table;
    this.#fill = grid ? null : (table as RowStepTable).fill ?? null;
    this.#tokens = lattice.tokens;
    this.#S = table.states;
    this.#r = table.radius;
    const W = 2 * table.radius + 1;
    this.#window = new Int32Array(W);
    this.#outsideRow = table.classOf.reduce((sum, classes) => sum + classes[0], 0);
    this.#rowValues = new Int32Array(this.#windowRows);
    this.#rowStarts = new Int32Array(this.#windowRows);
    this.#readers = new ReaderRuns(rows, columns, table.radius, this.#windowRows);
    this.#limit = Math.floor(L / (4 * W * this.#windowRows));
    this.#changed = new Int32Array(this.#limit);
    this.#next = new Int32Array(this.#limit);
    this.state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
    const largestRowValue = table.classOf.reduce((sum, classes) => sum + Math.max(...classes), 0);
    this.#rowValueOf = !grid ? null : largestRowValue < 1 << 16 ? new Uint16Array(L) : new Int32Array(L);
    for (let cell = 0; this.#rowValueOf && cell < L; cell++) this.#rowValueOf[cell] = this.#rowValue(cell);
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
      if (this.#changedCount === 1 && this.#r === 1 && this.#windowRows === 1) {
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
    const table = this.#table!;
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
    let changes = 0;
    if (this.#changedCount < 0) {
      for (let y = 0; y < this.#rows; y++) changes = this.#run(y, 0, this.#columns - 1, changes);
    } else {
      // Only the cells whose window holds a change (see `ReaderRuns`).
      this.#stepChanges = 0;
      this.#readers.walk(this.#changed, this.#changedCount, this.#visit);
      changes = this.#stepChanges;
    }
    if (changes === 0) return false;
    const list = this.#changed;
    this.#changed = this.#next;
    this.#next = list;
    this.#changedCount = changes > this.#limit ? -1 : changes;
    if (this.#rowValueOf) this.#updateRowValues(changes);
    this.t++;
    return true;
  }

  /** Where the rows of a grid's windows in row y start (−1: beyond the edge); kept while runs stay in row y. */
  #enterRow(y: number): void {
    const reach = (this.#windowRows - 1) >> 1;
    for (let m = 0; m < this.#windowRows; m++) {
      const row = y - reach + m;
      this.#rowStarts[m] = row >= 0 && row < this.#rows ? row * this.#columns : -1;
    }
    this.#enteredRow = y;
  }

  /** Updates cells from..to (inclusive) of row y; returns the step's change count so far. */
  #run(y: number, from: number, to: number, changes: number): number {
    this.#updates += to - from + 1;
    if (this.#windowRows > 1) return this.#runGrid(y, from, to, changes);
    return this.#r === 1 ? this.#runRadius1(from, to, changes) : this.#runAnyRadius(from, to, changes);
  }

  /** A row at radius 1, the shipped models' window: three codes in registers. */
  #runRadius1(from: number, to: number, changes: number): number {
    const { state } = this;
    const tokens = this.#tokens;
    const table = this.#table!;
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

  /** A row at any radius: the window's codes roll through a ring, one cell right at a time. */
  #runAnyRadius(from: number, to: number, changes: number): number {
    const { state } = this;
    const tokens = this.#tokens;
    const table = this.#table!;
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

  /** A grid's cells from..to of row y: each window's rows read from the row values kept before the step. */
  #runGrid(y: number, from: number, to: number, changes: number): number {
    if (y !== this.#enteredRow) this.#enterRow(y);
    const { state } = this;
    const grid = this.#grid!;
    const rowValueOf = this.#rowValueOf!;
    const values = this.#rowValues;
    const starts = this.#rowStarts;
    const outside = this.#outsideRow;
    const rowsOfWindow = this.#windowRows;
    const middle = y * this.#columns;
    const top = starts[0];
    const centre = starts[1];
    const bottom = starts[2];
    for (let x = from; x <= to; x++) {
      let next: number;
      if (rowsOfWindow === 3) {
        next = grid.nextOf3(top >= 0 ? rowValueOf[top + x] : outside, rowValueOf[centre + x], bottom >= 0 ? rowValueOf[bottom + x] : outside);
      } else {
        for (let m = 0; m < rowsOfWindow; m++) values[m] = starts[m] >= 0 ? rowValueOf[starts[m] + x] : outside;
        next = grid.nextOfRows(values);
      }
      const cell = middle + x;
      if (next !== state[cell]) {
        this.#record(cell, state[cell], next, changes++);
        state[cell] = next;
      }
    }
    return changes;
  }

  /** After a grid's step: the row values that hold a changed cell's code (every one, when the step changed too many to list). */
  #updateRowValues(changes: number): void {
    const rowValueOf = this.#rowValueOf!;
    if (this.#changedCount < 0) {
      for (let cell = 0; cell < this.length; cell++) rowValueOf[cell] = this.#rowValue(cell);
      return;
    }
    const columns = this.#columns;
    const r = this.#r;
    const changed = this.#changed;
    for (let n = 0; n < changes; n++) {
      const c = changed[n];
      const x = c % columns;
      const from = x - r > 0 ? c - r : c - x;
      const to = x + r < columns ? c + r : c - x + columns - 1;
      for (let cell = from; cell <= to; cell++) rowValueOf[cell] = this.#rowValue(cell);
    }
  }

  /** The value of the window row centred on `cell`: Σ_k classOf[k][code] over the 2r + 1 cells of its row around it (code 0 beyond the edge). */
  #rowValue(cell: number): number {
    const columns = this.#columns;
    const r = this.#r;
    const x = cell % columns;
    let value = 0;
    for (let k = 0; k < 2 * r + 1; k++) {
      const j = x - r + k;
      value += this.#classOf[k][j >= 0 && j < columns ? 1 + this.#tokens[cell - x + j] * this.#S + this.state[cell - x + j] : 0];
    }
    return value;
  }

  /** Notes that cell i changes from → to, as the step's change number `n`. */
  #record(i: number, from: number, to: number, n: number): void {
    this.#digest?.change(i, from, to);
    if (n < this.#limit) this.#next[n] = i;
  }
}
