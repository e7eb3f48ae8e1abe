import { describe, expect, it } from 'vitest';
import { GridBuilder } from './grid.js';
import { feedHistory, randomHistory } from './test-histories.js';

/** Pools a whole history by brute force with the block sizes the grid ended with. */
function pooled(history: Uint8Array[], symbols: number, cellsPerColumn: number, rowsPerBlock: number): Float64Array {
  const columns = Math.ceil(history[0].length / cellsPerColumn);
  const blockRows = Math.ceil(history.length / rowsPerBlock);
  const counts = new Float64Array(blockRows * columns * symbols);
  history.forEach((row, t) => row.forEach((s, i) => counts[(Math.floor(t / rowsPerBlock) * columns + Math.floor(i / cellsPerColumn)) * symbols + s]++));
  return counts;
}

function build(history: Uint8Array[], symbols: number, limits: { maxColumns?: number; maxRows?: number }, byChanges: boolean) {
  const grid = new GridBuilder(history[0].length, symbols, limits);
  feedHistory(grid, history, byChanges);
  return grid;
}

describe('GridBuilder', () => {
  it('holds every row of a small run cell by cell', () => {
    const history = randomHistory(7, 9, 3, 1);
    const grid = build(history, 3, {}, true).finish();
    expect(grid).toMatchObject({ cells: 7, rows: 9, columns: 7, blockRows: 9, cellsPerColumn: 1, rowsPerBlock: 1 });
    expect([...grid.counts]).toEqual([...pooled(history, 3, 1, 1)]);
    expect([...grid.lastRow.counts]).toEqual([...pooled([history[8]], 3, 1, 1)]);
  });

  it('pools cells and steps exactly as counting every point would, merging block rows as the run grows', () => {
    for (const [cells, rows, maxColumns, maxRows, seed] of [[50, 301, 8, 10, 2], [33, 64, 33, 8, 3], [9, 1000, 4, 6, 4], [1, 17, 1, 4, 5]]) {
      const history = randomHistory(cells, rows, 3, seed);
      for (const byChanges of [true, false]) {
        const grid = build(history, 3, { maxColumns, maxRows }, byChanges).finish();
        expect(grid.columns).toBeLessThanOrEqual(maxColumns);
        expect(grid.blockRows).toBeLessThanOrEqual(maxRows);
        expect(grid.rows).toBe(rows);
        expect(grid.cellsPerColumn).toBe(Math.ceil(cells / maxColumns));
        expect(Math.ceil(rows / grid.rowsPerBlock)).toBe(grid.blockRows);
        expect([...grid.counts]).toEqual([...pooled(history, 3, grid.cellsPerColumn, grid.rowsPerBlock)]);
      }
    }
  });

  it('counts wrong points in the block of the row they were marked on', () => {
    const history = randomHistory(10, 40, 2, 6);
    const grid = new GridBuilder(10, 2, { maxColumns: 5, maxRows: 4 });
    grid.begin(history[0]);
    grid.markWrong([0, 1, 9]);
    for (let t = 1; t < 40; t++) {
      grid.row(history[t]);
      if (t === 25) grid.markWrong([4]);
    }
    grid.markWrong([3]);
    const g = grid.finish();
    // 40 rows in at most 4 block rows: 16 rows a block; row 0 in block 0, 25 in block 1, 39 in block 2.
    expect(g.rowsPerBlock).toBe(16);
    const wrong = Array.from({ length: g.blockRows }, (_, b) => [...g.wrong.subarray(b * 5, b * 5 + 5)]);
    expect(wrong).toEqual([[2, 0, 0, 0, 1], [0, 0, 1, 0, 0], [0, 1, 0, 0, 0]]);
    expect([...g.lastRow.wrong]).toEqual([0, 1, 0, 0, 0]);
  });

  it('sums channel values per block', () => {
    const grid = new GridBuilder(4, 2, { maxColumns: 2, channels: 2 });
    grid.begin(new Uint8Array(4));
    grid.addChannels([0.5, 1, 0.5, 1, 0, 0, 0.25, 0]);
    const g = grid.finish();
    expect([...(g.channelSums as Float64Array)]).toEqual([1, 2, 0.25, 0]);
  });

  it('rejects what it cannot draw', () => {
    expect(() => new GridBuilder(0, 2)).toThrow(/at least one cell/);
    expect(() => new GridBuilder(4, 2, { maxRows: 1 })).toThrow(/maxRows/);
    const grid = new GridBuilder(3, 2);
    expect(() => grid.change([0], [1])).toThrow(/begin/);
    expect(() => grid.begin(new Uint8Array(4))).toThrow(/4 cells/);
    grid.begin(new Uint8Array(3));
    expect(() => grid.change([1], [2])).toThrow(/symbol 2/);
  });
});
