/**
 * Which cells a sparse step must recompute: those whose window holds a cell the previous step
 * changed. A change in row y is read by the cells within r columns of it in rows y − reach … y + reach
 * (reach = r in a grid, 0 in a row lattice); `ReaderRuns` walks them in increasing order, as runs
 * along lattice rows, windows within reach of each other merged into one run (a run reads r cells
 * beyond its ends, and in a row updated in place those must not be overwritten yet).
 *
 * The readers of a change c in row y + dy are centred on c + dy·columns, so the change list shifted
 * by each dy is a sorted list of run centres, and the runs come from merging those lists.
 */
export class ReaderRuns {
  /** How far each shifted list has been read, and the centre of its next run (Infinity once read). */
  readonly #heads: Int32Array;
  readonly #centres: Float64Array;

  constructor(
    readonly rows: number,
    readonly columns: number,
    readonly radius: number,
    /** Rows of a window: 1 in a row lattice, 2r + 1 in a grid. */
    readonly windowRows: number,
  ) {
    this.#heads = new Int32Array(windowRows);
    this.#centres = new Float64Array(windowRows);
  }

  /**
   * Calls `run(row, from, to)` (columns, inclusive) for the runs around the first `count` cells of
   * `changed` (increasing), in increasing order.
   */
  walk(changed: Int32Array, count: number, run: (row: number, from: number, to: number) => void): void {
    const { rows, columns, radius: r, windowRows: lists } = this;
    const reach = (lists - 1) >> 1;
    const heads = this.#heads;
    const centres = this.#centres;
    for (let m = 0; m < lists; m++) {
      heads[m] = 0;
      centres[m] = count > 0 ? changed[0] + (m - reach) * columns : Infinity;
    }
    let row = -1;
    let start = -1;
    let end = -1;
    for (;;) {
      // The smallest centre left: list m is the change list shifted by dy = m − reach rows.
      let pick = 0;
      for (let m = 1; m < lists; m++) if (centres[m] < centres[pick]) pick = m;
      if (centres[pick] === Infinity) break;
      const c = changed[heads[pick]++];
      centres[pick] = heads[pick] < count ? changed[heads[pick]] + (pick - reach) * columns : Infinity;
      const y = rows === 1 ? 0 : (c / columns) | 0;
      const readerRow = y + pick - reach;
      if (readerRow < 0 || readerRow >= rows) continue;
      const x = c - y * columns;
      if (readerRow === row && x - r <= end + r) {
        if (x + r > end) end = x + r;
        continue;
      }
      if (start >= 0) run(row, start, end < columns ? end : columns - 1);
      row = readerRow;
      start = x - r > 0 ? x - r : 0;
      end = x + r;
    }
    if (start >= 0) run(row, start, end < columns ? end : columns - 1);
  }
}
