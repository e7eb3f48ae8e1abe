import { describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from '@sead/tasks';
import { SettleMapBuilder, type SettleMapLimits } from './settle-map.js';
import { changedCells, feedHistory, randomHistory } from './test-histories.js';

/** By brute force: the last step each cell changed at (0: never), from the whole history. */
function lastChanges(history: readonly Uint8Array[]): number[] {
  const last = new Array<number>(history[0].length).fill(0);
  for (let t = 1; t < history.length; t++) for (const i of changedCells(history, t)) last[i] = t;
  return last;
}

/** Per block of k × k cells: the latest of its cells' last changes, and its end state's symbol counts. */
function pooled(history: readonly Uint8Array[], columns: number, symbols: number, k: number) {
  const rows = history[0].length / columns;
  const blockColumns = Math.ceil(columns / k);
  const blocks = Math.ceil(rows / k) * blockColumns;
  const lastChange = new Array<number>(blocks).fill(0);
  const counts = new Array<number>(blocks * symbols).fill(0);
  const end = history[history.length - 1];
  lastChanges(history).forEach((t, i) => {
    const block = Math.floor(Math.floor(i / columns) / k) * blockColumns + Math.floor((i % columns) / k);
    lastChange[block] = Math.max(lastChange[block], t);
    counts[block * symbols + end[i]]++;
  });
  return { lastChange, counts };
}

function build(history: readonly Uint8Array[], columns: number, symbols: number, limits: SettleMapLimits, byChanges: boolean) {
  const map = new SettleMapBuilder(history[0].length / columns, columns, symbols, limits);
  feedHistory(map, history, byChanges);
  return map.finish();
}

describe('SettleMapBuilder', () => {
  it('gives each block the last step a cell of it changed, and its end state, on random histories, pooled or not', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const rows = randomInt(random, 1, 9);
      const columns = randomInt(random, 1, 9);
      const symbols = randomInt(random, 2, 5);
      const history = randomHistory(rows * columns, randomInt(random, 1, 30), symbols, trial);
      const limits = trial % 3 === 0 ? {} : { maxRows: randomInt(random, 1, 5), maxColumns: randomInt(random, 1, 5) };
      for (const byChanges of [false, true]) {
        const map = build(history, columns, symbols, limits, byChanges);
        const k = map.cellsPerBlock;
        // The smallest square blocks that fit the limits.
        expect(Math.ceil(rows / k) <= (limits.maxRows ?? 1000) && Math.ceil(columns / k) <= (limits.maxColumns ?? 1000)).toBe(true);
        expect(k === 1 || Math.ceil(rows / (k - 1)) > (limits.maxRows ?? 1000) || Math.ceil(columns / (k - 1)) > (limits.maxColumns ?? 1000)).toBe(true);
        const expected = pooled(history, columns, symbols, k);
        const label = `trial ${trial} ${rows}×${columns} k ${k}`;
        expect([...map.lastChange], label).toEqual(expected.lastChange);
        expect([...map.counts], label).toEqual(expected.counts);
        expect(map).toMatchObject({ rows, columns, steps: history.length - 1, blockRows: Math.ceil(rows / k), blockColumns: Math.ceil(columns / k) });
      }
    }
  });

  it('counts what does not change as changed at step 0, and a change back as a change', () => {
    const map = new SettleMapBuilder(1, 3, 2);
    map.begin(Uint8Array.of(0, 0, 0));
    map.change([1], [1]);
    map.change([1, 2], [0, 0]); // cell 1 changes back; cell 2 is told its own symbol
    map.change([], []);
    expect(map.finish()).toMatchObject({ steps: 3, lastChange: Float64Array.of(0, 2, 0), counts: Float64Array.of(1, 0, 1, 0, 1, 0) });
  });

  it('marks the blocks of wrong cells, and refuses what cannot be a grid', () => {
    const map = new SettleMapBuilder(4, 4, 2, { maxRows: 2, maxColumns: 2 });
    expect(() => map.markWrong(0)).toThrow(/begin\(\)/);
    map.begin(new Uint8Array(16));
    for (const cell of [0, 5, 15]) map.markWrong(cell); // blocks 0, 0 and 3
    expect([...map.finish().wrong]).toEqual([2, 0, 0, 1]);
    expect(() => new SettleMapBuilder(0, 3, 2)).toThrow(/at least one of its rows/);
    expect(() => new SettleMapBuilder(2, 2, 2, { maxColumns: 0 })).toThrow(/maxColumns must be a positive integer/);
    const two = new SettleMapBuilder(1, 2, 2);
    expect(() => two.begin(Uint8Array.of(0, 2))).toThrow(/symbol 2 is not below/);
    expect(() => two.begin(Uint8Array.of(0))).toThrow(/first state has 1 cells/);
  });
});
