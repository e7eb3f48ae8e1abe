import { latticeGrid, type Lattice } from '@sead/tasks';
import { GridWindows, type GridTable } from '../compile/grid-table.js';
import { StateDigest } from '../run/digest.js';
import type { Lane, Stepper } from '../run/stepper.js';

/**
 * The sparse engine of grids: one grid stepped event-driven on the model's table (filled as windows
 * turn up, see `GridTable`). A cell can change at step t + 1 only if a cell of its window changed at
 * step t, so after the first step only the windows around the changed cells are recomputed: a
 * wavefront costs what it touches, not the whole grid. Under `Run`, its results are the dense
 * engine's, step for step.
 *
 * Memory (by construction): 1 byte of state and 1 of marks per cell (tokens are read in place),
 * and lists of the cells a step recomputes and changes, 4 bytes per entry, kept only while they
 * are short; beyond, a step sweeps every cell.
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
  /** Cells marked for recomputation in the current step. */
  readonly #marked: Uint8Array;
  /** Cells the previous step changed, in increasing order; null: every cell (t = 0, or too many). */
  #changed: Int32Array | null = null;
  #digest: StateDigest | null = null;

  constructor(table: GridTable, lattice: Lattice) {
    const { rows, columns } = latticeGrid(lattice);
    this.length = lattice.length;
    this.#table = table;
    this.#tokens = lattice.tokens;
    this.#windows = new GridWindows(table.radius, table.states, table.base, rows, columns);
    this.#marked = new Uint8Array(lattice.length);
    this.state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
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
    const cells = this.#cellsToRecompute();
    const count = cells ? cells.length : this.length;
    this.#updates += count;
    // Every next symbol is read from the state before the step, then the changes are written.
    const changedCells: number[] = [];
    const changedTo: number[] = [];
    for (let n = 0; n < count; n++) {
      const cell = cells ? cells[n] : n;
      const next = this.#table.next(this.#windows.key(this.#tokens, this.state, cell));
      if (next !== this.state[cell]) {
        changedCells.push(cell);
        changedTo.push(next);
      }
    }
    if (changedCells.length === 0) return false;
    for (let n = 0; n < changedCells.length; n++) {
      const cell = changedCells[n];
      this.#digest?.change(cell, this.state[cell], changedTo[n]);
      this.state[cell] = changedTo[n];
    }
    this.#changed = Int32Array.from(changedCells).sort();
    this.t++;
    return true;
  }

  /** The cells whose window holds a cell the previous step changed, in increasing order; null: all. */
  #cellsToRecompute(): Int32Array | null {
    const changed = this.#changed;
    const { offsets, rows, columns } = this.#windows;
    if (this.t === 0 || changed === null || changed.length * offsets.length >= this.length) return null;
    const marked = this.#marked;
    const out: number[] = [];
    for (let n = 0; n < changed.length; n++) {
      const y = Math.floor(changed[n] / columns);
      const x = changed[n] - y * columns;
      // Cell c reads cell c + offset, so the cells that read a changed cell are at minus each offset.
      for (const [dy, dx] of offsets) {
        const ry = y - dy;
        const rx = x - dx;
        if (ry < 0 || ry >= rows || rx < 0 || rx >= columns) continue;
        const cell = ry * columns + rx;
        if (marked[cell]) continue;
        marked[cell] = 1;
        out.push(cell);
      }
    }
    for (const cell of out) marked[cell] = 0;
    return Int32Array.from(out).sort();
  }
}
