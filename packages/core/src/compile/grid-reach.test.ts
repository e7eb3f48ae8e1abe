import { describe, expect, it } from 'vitest';
import { applyRule, OUTSIDE, randomInt, seededRandom, type LocalRule } from '@sead/tasks';
import { GridWindows } from './grid-table.js';
import { gridReachableWindows, gridStartWindows } from './grid-reach.js';

// A wave from the bottom-right corner: a cell turns 1 once the cell right of it or below it has,
// and stays 1; the corner starts it. Token 1 cells never turn (a wall the wave goes around).
const RIGHT = 5;
const BELOW = 7;
const wave: LocalRule = {
  radius: 1,
  next(tokens, states) {
    if (tokens[4] === 1) return states[4];
    const corner = states[RIGHT] === OUTSIDE && states[BELOW] === OUTSIDE;
    return states[4] === 1 || corner || states[RIGHT] === 1 || states[BELOW] === 1 ? 1 : 0;
  },
};

/** Every window the rule's runs meet on a grid from all zeros, at every step until it rests. */
function windowsMet(rows: number, columns: number, tokens: Uint8Array, into: Set<number>): void {
  const grid = new GridWindows(1, 2, 2 * 2 + 1, rows, columns);
  let state = new Uint8Array(rows * columns);
  for (let t = 0; t <= rows + columns + 2; t++) {
    for (let cell = 0; cell < state.length; cell++) into.add(grid.key(tokens, state, cell));
    state = applyRule(wave, tokens, state, columns) as Uint8Array<ArrayBuffer>;
  }
}

describe('gridReachableWindows', () => {
  const start = gridStartWindows(2, 2, [0]);
  const closure = gridReachableWindows(wave, 2, 2, start);

  it('closes, and holds every window the rule meets on grids of every shape', () => {
    expect(closure.complete).toBe(true);
    const random = seededRandom(4);
    const met = new Set<number>();
    for (let trial = 0; trial < 300; trial++) {
      const [rows, columns] = [randomInt(random, 1, 9), randomInt(random, 1, 9)];
      const tokens = Uint8Array.from({ length: rows * columns }, () => (random() < 0.2 ? 1 : 0));
      windowsMet(rows, columns, tokens, met);
    }
    expect(met.size).toBeGreaterThan(1000);
    const missing = [...met].filter((key) => !closure.windows.has(key));
    expect(missing).toEqual([]);
  });

  it('leaves out a window no run can make: a 1 whose right and lower neighbours are inside, 0 and open', () => {
    // codes: 1 + token·2 + state; a 3 × 3 of open cells (token 0), the centre 1, all others 0.
    const w = [1, 1, 1, 1, 2, 1, 1, 1, 1];
    const key = w.reduceRight((k, c) => k * 5 + c, 0);
    expect(closure.windows.has(key)).toBe(false);
  });

  it('starts from every token window with whole rows or columns beyond the edge, and only those', () => {
    // 16 ways to put the edge, 2 tokens per inside cell.
    const expected = [...Array(16).keys()].reduce((n, beyond) => {
      const rows = 3 - (beyond & 1 ? 1 : 0) - (beyond & 2 ? 1 : 0);
      const columns = 3 - (beyond & 4 ? 1 : 0) - (beyond & 8 ? 1 : 0);
      return n + 2 ** (rows * columns);
    }, 0);
    expect(start.length).toBe(expected);
    const onlyRowsOfOnes = gridStartWindows(2, 2, [0], (tokens) => tokens.every((t) => t !== 0));
    expect(onlyRowsOfOnes.length).toBe(16);
  });

  it('says which bound stopped it', () => {
    const stopped = gridReachableWindows(wave, 2, 2, start, { maxWindows: start.length + 3 });
    expect(stopped.complete).toBe(false);
    expect(stopped.why).toMatch(/passed .* windows/);
    expect(gridReachableWindows({ ...wave, radius: 2 }, 2, 2, start).why).toMatch(/radius 1/);
  });
});
