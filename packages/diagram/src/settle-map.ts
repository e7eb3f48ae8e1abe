import { DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS } from './grid.js';

/**
 * A grid lattice's run at a bounded size, as two maps of square blocks of cells: the last step at
 * which any cell of a block changed (for a run that settles, when the block came to rest, so a
 * wavefront shows as the order in which blocks settle), and the state symbols its cells end in.
 */
export interface SettleMap {
  /** Cells of the lattice down and across, and the steps watched (t = 0 … steps). */
  readonly rows: number;
  readonly columns: number;
  readonly steps: number;
  readonly symbols: number;
  /** Cells along each side of a block (one size both ways keeps the grid's shape), and blocks down and across. */
  readonly cellsPerBlock: number;
  readonly blockRows: number;
  readonly blockColumns: number;
  /** The last step at which a cell of each block changed, 0 for a block that never changed; [blockRows × blockColumns]. */
  readonly lastChange: Float64Array;
  /** Cells of each block in each symbol at the end, [blockRows × blockColumns × symbols]. */
  readonly counts: Float64Array;
  /** Cells of each block that differ from the reference at the end, [blockRows × blockColumns]; all zero without one. */
  readonly wrong: Float64Array;
}

export interface SettleMapLimits {
  /** At most this many blocks down and across; a larger grid is pooled, k × k cells to a block. */
  maxRows?: number;
  maxColumns?: number;
}

/**
 * Builds a `SettleMap` from a run streamed one step at a time, in memory of one byte per cell (the
 * current symbols) and a few numbers per block, however many steps the run takes. A step is given
 * by the cells that changed, so it costs what changed: a wavefront crossing a large grid costs
 * what it settles. The last change of a block is the step of its latest changed cell, so steps,
 * which come in order, only ever overwrite it.
 */
export class SettleMapBuilder {
  readonly rows: number;
  readonly columns: number;
  readonly symbols: number;
  readonly cellsPerBlock: number;
  readonly blockRows: number;
  readonly blockColumns: number;
  /** Steps begun so far: the index of the next step. */
  #steps = 0;
  readonly #state: Uint8Array;
  readonly #lastChange: Float64Array;
  readonly #wrong: Float64Array;

  constructor(rows: number, columns: number, symbols: number, limits: SettleMapLimits = {}) {
    for (const [name, n] of [['rows', rows], ['columns', columns]] as const) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`a grid needs at least one of its ${name}, got ${n}`);
    }
    if (!Number.isInteger(symbols) || symbols < 1 || symbols > 255) throw new RangeError(`symbols must be 1 to 255, got ${symbols}`);
    const maxRows = limits.maxRows ?? DEFAULT_MAX_ROWS;
    const maxColumns = limits.maxColumns ?? DEFAULT_MAX_COLUMNS;
    for (const [name, n] of [['maxRows', maxRows], ['maxColumns', maxColumns]] as const) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
    }
    this.rows = rows;
    this.columns = columns;
    this.symbols = symbols;
    this.cellsPerBlock = Math.max(Math.ceil(rows / maxRows), Math.ceil(columns / maxColumns));
    this.blockRows = Math.ceil(rows / this.cellsPerBlock);
    this.blockColumns = Math.ceil(columns / this.cellsPerBlock);
    this.#state = new Uint8Array(rows * columns);
    this.#lastChange = new Float64Array(this.blockRows * this.blockColumns);
    this.#wrong = new Float64Array(this.blockRows * this.blockColumns);
  }

  /** The state at t = 0. */
  begin(initial: Uint8Array): void {
    if (this.#steps !== 0) throw new Error('begin() starts a map once');
    if (initial.length !== this.#state.length) throw new RangeError(`the first state has ${initial.length} cells, the grid ${this.#state.length}`);
    for (let i = 0; i < initial.length; i++) this.#checkSymbol(initial[i]);
    this.#state.set(initial);
    this.#steps = 1;
  }

  /** The next step, given by the cells that changed and their new symbols. */
  change(at: ArrayLike<number>, to: ArrayLike<number>, count = at.length): void {
    const t = this.#nextStep();
    for (let k = 0; k < count; k++) {
      const i = at[k];
      if (to[k] === this.#state[i]) continue;
      this.#checkSymbol(to[k]);
      this.#state[i] = to[k];
      this.#lastChange[this.block(i)] = t;
    }
  }

  /** The next step, given whole (O(cells): for the dense engine, whose steps cost as much). */
  row(symbols: Uint8Array): void {
    if (symbols.length !== this.#state.length) throw new RangeError(`a state has ${symbols.length} cells, the grid ${this.#state.length}`);
    const at: number[] = [];
    for (let i = 0; i < symbols.length; i++) if (symbols[i] !== this.#state[i]) at.push(i);
    this.change(at, Array.from(at, (i) => symbols[i]));
  }

  /** A cell of the current state that differs from the reference. */
  markWrong(cell: number): void {
    this.#requireStart();
    this.#wrong[this.block(cell)]++;
  }

  /** The symbols of the current state (a view: do not change it). */
  get state(): Uint8Array {
    return this.#state;
  }

  /** The steps taken so far (the current state is step `steps`). */
  get steps(): number {
    return this.#steps - 1;
  }

  /** The block of cell i (row by row). */
  block(i: number): number {
    const y = Math.floor(i / this.columns);
    const x = i - y * this.columns;
    return Math.floor(y / this.cellsPerBlock) * this.blockColumns + Math.floor(x / this.cellsPerBlock);
  }

  finish(): SettleMap {
    this.#requireStart();
    const S = this.symbols;
    const counts = new Float64Array(this.blockRows * this.blockColumns * S);
    for (let i = 0; i < this.#state.length; i++) counts[this.block(i) * S + this.#state[i]]++;
    return {
      rows: this.rows,
      columns: this.columns,
      steps: this.steps,
      symbols: S,
      cellsPerBlock: this.cellsPerBlock,
      blockRows: this.blockRows,
      blockColumns: this.blockColumns,
      lastChange: this.#lastChange.slice(),
      counts,
      wrong: this.#wrong.slice(),
    };
  }

  #nextStep(): number {
    this.#requireStart();
    return this.#steps++;
  }

  #requireStart(): void {
    if (this.#steps === 0) throw new Error('begin() the map with the state at t = 0');
  }

  #checkSymbol(s: number): void {
    if (!(s < this.symbols)) throw new RangeError(`symbol ${s} is not below the grid's ${this.symbols} symbols`);
  }
}
