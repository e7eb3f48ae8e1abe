/**
 * A run's spacetime picture at a bounded size: time down, cells across, each pixel block holding
 * how many of its (time, cell) points were in each state symbol, how many differed from the
 * reference and, for continuous runs, the sum of each channel.
 */
export interface SpacetimeGrid {
  /** Cells of the lattice, and time rows recorded (t = 0 … rows − 1). */
  readonly cells: number;
  readonly rows: number;
  readonly symbols: number;
  /** Block size: lattice cells per column, time rows per block row (the last of each may be partial). */
  readonly cellsPerColumn: number;
  readonly rowsPerBlock: number;
  readonly columns: number;
  readonly blockRows: number;
  /** Points in each symbol, blockRows × columns × symbols. */
  readonly counts: Float64Array;
  /** Points that differ from the reference, blockRows × columns; all zero without one. */
  readonly wrong: Float64Array;
  /** Continuous runs: [blockRows × columns × channels] sums of each channel; null for discrete runs. */
  readonly channelSums: Float64Array | null;
  readonly channels: number;
  /** The last row recorded, per column: points in each symbol [columns × symbols], and wrong points. */
  readonly lastRow: { readonly counts: Float64Array; readonly wrong: Float64Array };
}

export interface GridLimits {
  /** At most this many columns; a longer lattice is pooled, several cells per column. */
  maxColumns?: number;
  /**
   * At most this many block rows. The number of steps need not be known in advance: when a run
   * outgrows the limit, pairs of block rows are merged and each block row covers twice the steps.
   */
  maxRows?: number;
}

export const DEFAULT_MAX_COLUMNS = 1000;
export const DEFAULT_MAX_ROWS = 1000;

/**
 * Builds a `SpacetimeGrid` from a run streamed one row at a time, in memory bounded by the limits
 * and the lattice: O(maxRows · maxColumns · symbols) for the grid plus O(cells) for the current
 * row, however many steps the run takes. A row is given by the cells that changed, so the cost of
 * a step is O(changes), not O(cells): a 10⁶-cell lattice whose front moves for 10⁶ steps costs what
 * the front does.
 *
 * How: each column keeps its current symbol counts and the row since which they have held; when a
 * cell of the column changes, or a block row ends, the counts times the rows they held are added
 * to the block (a column that does not change costs nothing per row).
 */
export class GridBuilder {
  readonly cells: number;
  readonly symbols: number;
  readonly cellsPerColumn: number;
  readonly columns: number;
  readonly maxRows: number;
  readonly channels: number;
  #rowsPerBlock = 1;
  /** Rows begun so far (the index of the next row). */
  #rows = 0;
  #state: Uint8Array;
  /** Current counts per column [columns × symbols], and the first row they have not been added for. */
  #current: Float64Array;
  #since: Float64Array;
  #counts: Float64Array;
  #wrong: Float64Array;
  #channelSums: Float64Array | null;
  #lastWrong: Float64Array;
  #finished = false;

  constructor(cells: number, symbols: number, limits: GridLimits & { channels?: number } = {}) {
    if (!Number.isInteger(cells) || cells < 1) throw new RangeError(`a grid needs at least one cell, got ${cells}`);
    if (!Number.isInteger(symbols) || symbols < 1 || symbols > 255) throw new RangeError(`symbols must be 1 to 255, got ${symbols}`);
    const maxColumns = limits.maxColumns ?? DEFAULT_MAX_COLUMNS;
    const maxRows = limits.maxRows ?? DEFAULT_MAX_ROWS;
    if (!Number.isInteger(maxColumns) || maxColumns < 1) throw new RangeError(`maxColumns must be a positive integer, got ${maxColumns}`);
    if (!Number.isInteger(maxRows) || maxRows < 2) throw new RangeError(`maxRows must be an integer of at least 2, got ${maxRows}`);
    this.cells = cells;
    this.symbols = symbols;
    this.cellsPerColumn = Math.ceil(cells / maxColumns);
    this.columns = Math.ceil(cells / this.cellsPerColumn);
    // Merging pairs needs an even number of block rows.
    this.maxRows = maxRows - (maxRows % 2);
    this.channels = limits.channels ?? 0;
    this.#state = new Uint8Array(cells);
    this.#current = new Float64Array(this.columns * symbols);
    this.#since = new Float64Array(this.columns);
    this.#counts = new Float64Array(this.columns * symbols * 16);
    this.#wrong = new Float64Array(this.columns * 16);
    this.#channelSums = this.channels > 0 ? new Float64Array(this.columns * this.channels * 16) : null;
    this.#lastWrong = new Float64Array(this.columns);
  }

  /** Row t = 0. */
  begin(initial: Uint8Array): void {
    if (this.#rows !== 0) throw new Error('begin() starts a grid once');
    if (initial.length !== this.cells) throw new RangeError(`the first row has ${initial.length} cells, the grid ${this.cells}`);
    this.#state.set(initial);
    for (let i = 0; i < this.cells; i++) {
      this.#checkSymbol(initial[i]);
      this.#current[this.column(i) * this.symbols + initial[i]]++;
    }
    this.#startRow();
  }

  /** The next row, given by the cells that changed from the previous one and their new symbols. */
  change(at: ArrayLike<number>, to: ArrayLike<number>, count = at.length): void {
    this.#requireRow();
    this.#startRow();
    const r = this.#rows - 1;
    const S = this.symbols;
    const block = this.#blockOffset(r);
    for (let k = 0; k < count; k++) {
      const i = at[k];
      const next = to[k];
      const previous = this.#state[i];
      if (next === previous) continue;
      this.#checkSymbol(next);
      const j = this.column(i);
      this.#flushColumn(j, r, block);
      this.#current[j * S + previous]--;
      this.#current[j * S + next]++;
      this.#state[i] = next;
    }
  }

  /** The next row, given whole (O(cells): for the dense engine, whose steps cost as much). */
  row(symbols: Uint8Array): void {
    if (symbols.length !== this.cells) throw new RangeError(`a row has ${symbols.length} cells, the grid ${this.cells}`);
    const at: number[] = [];
    for (let i = 0; i < this.cells; i++) if (symbols[i] !== this.#state[i]) at.push(i);
    this.change(at, Array.from(at, (i) => symbols[i]));
  }

  /** Cells of the latest row that differ from the reference. */
  markWrong(cells: ArrayLike<number>): void {
    this.#requireRow();
    const r = this.#rows - 1;
    const offset = this.#blockIndex(r) * this.columns;
    for (let k = 0; k < cells.length; k++) {
      const j = this.column(cells[k]);
      this.#wrong[offset + j]++;
      this.#lastWrong[j]++;
    }
  }

  /** Continuous runs: every cell's channels in the latest row, [cells × channels]. */
  addChannels(values: ArrayLike<number>): void {
    this.#requireRow();
    const C = this.channels;
    if (!this.#channelSums || values.length !== this.cells * C) throw new RangeError(`expected ${this.cells} × ${C} channel values, got ${values.length}`);
    const offset = this.#blockIndex(this.#rows - 1) * this.columns * C;
    for (let i = 0; i < this.cells; i++) {
      const base = offset + this.column(i) * C;
      for (let c = 0; c < C; c++) this.#channelSums[base + c] += values[i * C + c];
    }
  }

  /** The symbols of the latest row (a view: do not change it). */
  get state(): Uint8Array {
    return this.#state;
  }

  get rows(): number {
    return this.#rows;
  }

  column(i: number): number {
    return Math.floor(i / this.cellsPerColumn);
  }

  finish(): SpacetimeGrid {
    this.#requireRow();
    if (!this.#finished) {
      const block = this.#blockOffset(this.#rows - 1);
      for (let j = 0; j < this.columns; j++) this.#flushColumn(j, this.#rows, block);
      this.#finished = true;
    }
    const blockRows = this.#blockIndex(this.#rows - 1) + 1;
    const S = this.symbols;
    return {
      cells: this.cells,
      rows: this.#rows,
      symbols: S,
      cellsPerColumn: this.cellsPerColumn,
      rowsPerBlock: this.#rowsPerBlock,
      columns: this.columns,
      blockRows,
      counts: this.#counts.slice(0, blockRows * this.columns * S),
      wrong: this.#wrong.slice(0, blockRows * this.columns),
      channelSums: this.#channelSums ? this.#channelSums.slice(0, blockRows * this.columns * this.channels) : null,
      channels: this.channels,
      lastRow: { counts: this.#current.slice(), wrong: this.#lastWrong.slice() },
    };
  }

  /** Opens row `#rows`: flushes the block row that ends before it and merges when the grid is full. */
  #startRow(): void {
    if (this.#finished) throw new Error('the grid is finished');
    const r = this.#rows;
    if (r > 0 && r % this.#rowsPerBlock === 0) {
      const block = this.#blockOffset(r - 1);
      for (let j = 0; j < this.columns; j++) this.#flushColumn(j, r, block);
      if (r / this.#rowsPerBlock === this.maxRows) this.#mergePairs();
    }
    this.#ensureCapacity(this.#blockIndex(r) + 1);
    this.#rows = r + 1;
    this.#lastWrong.fill(0);
  }

  /** Adds column j's counts for the rows [since, until) to the block at `blockOffset`. */
  #flushColumn(j: number, until: number, blockOffset: number): void {
    const held = until - this.#since[j];
    if (held <= 0) return;
    const S = this.symbols;
    const base = blockOffset + j * S;
    for (let s = 0; s < S; s++) this.#counts[base + s] += this.#current[j * S + s] * held;
    this.#since[j] = until;
  }

  #mergePairs(): void {
    const half = this.maxRows / 2;
    const merge = (array: Float64Array | null, width: number) => {
      if (!array) return;
      for (let b = 0; b < half; b++) {
        for (let k = 0; k < width; k++) array[b * width + k] = array[2 * b * width + k] + array[(2 * b + 1) * width + k];
      }
      array.fill(0, half * width);
    };
    merge(this.#counts, this.columns * this.symbols);
    merge(this.#wrong, this.columns);
    merge(this.#channelSums, this.columns * this.channels);
    this.#rowsPerBlock *= 2;
  }

  #ensureCapacity(blockRows: number): void {
    const have = this.#wrong.length / this.columns;
    if (blockRows <= have) return;
    const size = Math.min(this.maxRows, Math.max(blockRows, 2 * have));
    const grow = (array: Float64Array, width: number) => {
      const bigger = new Float64Array(size * width);
      bigger.set(array);
      return bigger;
    };
    this.#counts = grow(this.#counts, this.columns * this.symbols);
    this.#wrong = grow(this.#wrong, this.columns);
    if (this.#channelSums) this.#channelSums = grow(this.#channelSums, this.columns * this.channels);
  }

  #blockIndex(r: number): number {
    return Math.floor(r / this.#rowsPerBlock);
  }

  #blockOffset(r: number): number {
    return this.#blockIndex(r) * this.columns * this.symbols;
  }

  #requireRow(): void {
    if (this.#rows === 0) throw new Error('begin() the grid with its first row');
  }

  #checkSymbol(s: number): void {
    if (!(s < this.symbols)) throw new RangeError(`symbol ${s} is not below the grid's ${this.symbols} symbols`);
  }
}
