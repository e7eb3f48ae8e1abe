import { describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from './random.js';
import { latticeGrid, neighbourCells, windowOffsets, windowSize } from './window.js';

describe('windowOffsets', () => {
  it('lists a row’s window leftmost first', () => {
    expect(windowOffsets(1, 1)).toEqual([[0, -1], [0, 0], [0, 1]]);
    expect(windowOffsets(1, 2).map(([, dx]) => dx)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('lists a grid’s window row by row, top row first, each row leftmost first', () => {
    expect(windowOffsets(2, 1)).toEqual([
      [-1, -1], [-1, 0], [-1, 1],
      [0, -1], [0, 0], [0, 1],
      [1, -1], [1, 0], [1, 1],
    ]);
    for (const radius of [2, 3]) {
      const offsets = windowOffsets(2, radius);
      const side = 2 * radius + 1;
      offsets.forEach(([dy, dx], k) => expect([dy, dx]).toEqual([Math.floor(k / side) - radius, (k % side) - radius]));
    }
  });

  it('puts the centre in the middle entry, and has windowSize entries', () => {
    for (const dimensions of [1, 2] as const) {
      for (const radius of [1, 2, 3]) {
        const offsets = windowOffsets(dimensions, radius);
        expect(offsets).toHaveLength(windowSize(dimensions, radius));
        expect(offsets[(offsets.length - 1) / 2]).toEqual([0, 0]);
        expect(new Set(offsets.map((o) => o.join(','))).size).toBe(offsets.length);
      }
    }
    expect([windowSize(1, 1), windowSize(2, 1), windowSize(2, 2)]).toEqual([3, 9, 25]);
  });
});

describe('latticeGrid', () => {
  it('reads a row as one row, and a grid by its columns', () => {
    expect(latticeGrid({ length: 7 })).toEqual({ rows: 1, columns: 7 });
    expect(latticeGrid({ length: 12, columns: 4 })).toEqual({ rows: 3, columns: 4 });
    expect(latticeGrid({ length: 5, columns: 1 })).toEqual({ rows: 5, columns: 1 });
  });
});

describe('neighbourCells', () => {
  it('gives the flat index of each neighbour, −1 beyond the edge', () => {
    const out = new Int32Array(9);
    // A grid of 3 rows and 4 columns: cell (y, x) is 4y + x.
    neighbourCells(windowOffsets(2, 1), 3, 4, 0, 0, out);
    expect(Array.from(out)).toEqual([-1, -1, -1, -1, 0, 1, -1, 4, 5]);
    neighbourCells(windowOffsets(2, 1), 3, 4, 1, 2, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 5, 6, 7, 9, 10, 11]);
    neighbourCells(windowOffsets(2, 1), 3, 4, 2, 3, out);
    expect(Array.from(out)).toEqual([6, 7, -1, 10, 11, -1, -1, -1, -1]);
  });

  it('agrees with a direct computation on every cell of random grids and rows', () => {
    const random = seededRandom(3);
    for (let k = 0; k < 40; k++) {
      const dimensions = randomInt(random, 1, 2) as 1 | 2;
      const radius = randomInt(random, 1, 3);
      const rows = dimensions === 1 ? 1 : randomInt(random, 1, 7);
      const columns = randomInt(random, 1, 7);
      const offsets = windowOffsets(dimensions, radius);
      const out: number[] = [];
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < columns; x++) {
          neighbourCells(offsets, rows, columns, y, x, out);
          const expected = offsets.map(([dy, dx]) => {
            const [ny, nx] = [y + dy, x + dx];
            return ny < 0 || ny >= rows || nx < 0 || nx >= columns ? -1 : ny * columns + nx;
          });
          expect(out.slice(0, offsets.length)).toEqual(expected);
        }
      }
    }
  });
});
