import { latticeGrid, type Lattice } from '@sead/tasks';
import { GridWindows, type GridTable } from '../compile/grid-table.js';
import { StateDigest } from '../run/digest.js';
import type { Lane, Stepper } from '../run/stepper.js';

/** Largest row-pair index the radius-1 lookup keeps (Int32 entries): beyond, every window is keyed. */
const MAX_ROW_PAIRS = 1 << 22;

/**
 * The sparse engine of grids: one grid stepped event-driven on the model's table (filled as windows
 * turn up, see `GridTable`). A cell can change at step t + 1 only if a cell of its window changed at
 * step t, so after the first step only the windows around the changed cells are recomputed: a
 * wavefront costs what it touches, not the whole grid. Under `Run`, its results are the dense
 * engine's, step for step.
 *
 * At radius 1 a window is three rows of three codes; each row is one number below R = base³, and
 * the table is reached through two arrays (the top and middle rows' pair, then the bottom row)
 * instead of hashing the window's key: the same entries, looked up in a few loads.
 *
 * Memory (by construction): per cell, 1 byte of state, 2 of its row value and 1 of visit stamps
 * (tokens are read in place); and the list of the cells a step changed, 4 bytes per entry.
 */
export class GridTableStepper implements Stepper {
  readonly discrete = true;
  readonly size = 1;
  readonly length: number;
  readonly state: Uint8Array;
  t = 0;
  #updates = 0;
  readonly #table: GridTable;
  readonly #tokens: Uint8Array;
  readonly #windows: GridWindows;
  /**
   * Radius 1 (when the arrays stay small): each cell's row value, the codes of it and its left and
   * right neighbours as one number below R = base³ (see `#rowValue`); pair ids by top·R + middle
   * row value (−1: none yet); the table's entries by pair·R + bottom row value (255: unknown).
   */
  readonly #rows: Uint16Array | null;
  readonly #rowValueCount: number;
  readonly #pairs: Int32Array | null;
  #entries: Uint8Array = new Uint8Array(0);
  #pairCount = 0;
  /** Where the readers of a cell are, as steps in the flat index: minus each window offset. */
  readonly #readers: Int32Array;
  /** The step each cell was last visited at, as a stamp from 1 to 255 (cleared when it wraps). */
  readonly #stamps: Uint8Array;
  #stamp = 0;
  /** Cells the previous step changed, in increasing order; null: every cell (t = 0, or too many). */
  #changed: Int32Array | null = null;
  #digest: StateDigest | null = null;

  constructor(table: GridTable, lattice: Lattice) {
    const { rows, columns } = latticeGrid(lattice);
    const L = lattice.length;
    this.length = L;
    this.#table = table;
    this.#tokens = lattice.tokens;
    this.#windows = new GridWindows(table.radius, table.states, table.base, rows, columns);
    this.#stamps = new Uint8Array(L);
    this.#readers = Int32Array.from(this.#windows.offsets, ([dy, dx]) => -(dy * columns + dx));
    this.state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
    this.#rowValueCount = table.base ** 3;
    const pairs = this.#rowValueCount * this.#rowValueCount;
    const byRows = table.radius === 1 && pairs <= MAX_ROW_PAIRS;
    this.#pairs = byRows ? new Int32Array(pairs).fill(-1) : null;
    this.#rows = byRows ? new Uint16Array(L) : null;
    if (this.#rows) for (let cell = 0; cell < L; cell++) this.#rows[cell] = this.#rowValue(cell);
  }

  symbols(): Uint8Array {
    return this.state;
  }

  updates(): number {
    return this.#updates;
  }

  changes(): Int32Array | null {
    return this.t === 0 ? null : this.#changed;
  }

  retire(): void {}

  dispose(): void {}

  advance(until: number, lanes: readonly Lane[]): void {
    const lane = lanes[0];
    if (lane.cycles && !this.#digest) this.#digest = new StateDigest();
    lane.status = this.#advance(until, lane);
    lane.t = this.t;
  }

  #advance(until: number, lane: Lane): Lane['status'] {
    while (this.t < until) {
      if (this.#updates >= lane.maxUpdates) return 'capped';
      if (!this.#step()) return 'rest';
      if (lane.cycles && lane.cycles.repeats(this.#digest!.value)) return 'repeat';
    }
    return 'moved';
  }

  /** One synchronous step; false when it changed nothing (t then stays where the grid rests). */
  #step(): boolean {
    const changedCells: number[] = [];
    const changedTo: number[] = [];
    const visit = (cell: number) => {
      const next = this.#rows ? this.#nextByRows(cell) : this.#table.next(this.#windows.key(this.#tokens, this.state, cell));
      if (next !== this.state[cell]) {
        changedCells.push(cell);
        changedTo.push(next);
      }
    };
    // Every next symbol is read from the state before the step; the changes are written after.
    const changed = this.#changed;
    const { offsets } = this.#windows;
    if (this.t === 0 || changed === null || changed.length * offsets.length >= this.length) {
      for (let cell = 0; cell < this.length; cell++) visit(cell);
      this.#updates += this.length;
    } else {
      this.#updates += this.#visitReaders(changed, visit);
    }
    if (changedCells.length === 0) return false;
    for (let n = 0; n < changedCells.length; n++) this.#write(changedCells[n], changedTo[n]);
    this.#changed = Int32Array.from(changedCells).sort();
    this.t++;
    return true;
  }

  /** Cell takes symbol `to`: its state, the digest and the row values that hold its code. */
  #write(cell: number, to: number): void {
    this.#digest?.change(cell, this.state[cell], to);
    this.state[cell] = to;
    const rows = this.#rows;
    if (!rows) return;
    const x = cell % this.#windows.columns;
    if (x > 0) rows[cell - 1] = this.#rowValue(cell - 1);
    rows[cell] = this.#rowValue(cell);
    if (x < this.#windows.columns - 1) rows[cell + 1] = this.#rowValue(cell + 1);
  }

  /**
   * Visits once each cell whose window holds one of the `changed` cells, and returns how many: cell
   * c reads c + offset, so the readers of a changed cell are at minus each offset. A visit is marked
   * with the step's stamp, so no list of visits is kept or cleared.
   */
  #visitReaders(changed: Int32Array, visit: (cell: number) => void): number {
    const { offsets, rows, columns, radius: r } = this.#windows;
    if (++this.#stamp === 256) {
      this.#stamps.fill(0);
      this.#stamp = 1;
    }
    const stamp = this.#stamp;
    const stamps = this.#stamps;
    const readers = this.#readers;
    let visited = 0;
    for (let n = 0; n < changed.length; n++) {
      const c = changed[n];
      const y = (c / columns) | 0;
      const x = c - y * columns;
      if (y >= r && y < rows - r && x >= r && x < columns - r) {
        // Away from the edge every reader is inside: steps in the flat index.
        for (let k = 0; k < readers.length; k++) {
          const cell = c + readers[k];
          if (stamps[cell] === stamp) continue;
          stamps[cell] = stamp;
          visited++;
          visit(cell);
        }
        continue;
      }
      for (let k = 0; k < offsets.length; k++) {
        const ry = y - offsets[k][0];
        const rx = x - offsets[k][1];
        if (ry < 0 || ry >= rows || rx < 0 || rx >= columns) continue;
        const cell = ry * columns + rx;
        if (stamps[cell] === stamp) continue;
        stamps[cell] = stamp;
        visited++;
        visit(cell);
      }
    }
    return visited;
  }

  /** The cell's next symbol at radius 1, through the row-pair arrays; the table fills what they lack. */
  #nextByRows(cell: number): number {
    const { rows, columns } = this.#windows;
    const rowValues = this.#rows!;
    const R = this.#rowValueCount;
    const top = cell >= columns ? rowValues[cell - columns] : 0;
    const middle = rowValues[cell];
    const bottom = cell < (rows - 1) * columns ? rowValues[cell + columns] : 0;
    const pairs = this.#pairs!;
    let pair = pairs[top * R + middle];
    if (pair < 0) {
      pair = pairs[top * R + middle] = this.#pairCount++;
      if (this.#pairCount * R > this.#entries.length) {
        const grown = new Uint8Array(Math.max(16 * R, 2 * this.#entries.length)).fill(255);
        grown.set(this.#entries);
        this.#entries = grown;
      }
    }
    const at = pair * R + bottom;
    let next = this.#entries[at];
    // The window's key in `GridWindows` order: top row first, each row leftmost first.
    if (next === 255) next = this.#entries[at] = this.#table.next(top + middle * R + bottom * R * R);
    return next;
  }

  /** The codes of the cell left of `cell`, `cell` and right of it as one number, leftmost least significant; 0 beyond the edge. */
  #rowValue(cell: number): number {
    const { columns, base } = this.#windows;
    const x = cell % columns;
    const left = x > 0 ? this.#code(cell - 1) : 0;
    const right = x < columns - 1 ? this.#code(cell + 1) : 0;
    return left + this.#code(cell) * base + right * base * base;
  }

  /** A window position's code for the cell: 1 + token·S + state. */
  #code(cell: number): number {
    return 1 + this.#tokens[cell] * this.#table.states + this.state[cell];
  }
}
