import { describe, expect, it } from 'vitest';
import { MAX_ROLLOUT_STEPS } from '../limits.js';
import { randomInt, seededRandom } from '../random.js';
import { TaskInputError } from '../task.js';
import { rule110, rule110Cell, rule110Step, rule110Steps } from './rule110.js';
import { errorOf } from '../test-errors.js';

/**
 * Rule 110 on a whole row at once with BigInt bitwise operations, null boundary. Cell 0 (the left
 * end) is the most significant bit, so a cell's left neighbour is the next higher bit.
 */
function bitwiseRule110(cells: string, steps: number): string {
  const n = cells.length;
  const mask = (1n << BigInt(n)) - 1n;
  let x = BigInt('0b' + cells);
  for (let t = 0; t < steps; t++) {
    const l = x >> 1n; // left neighbour of every cell; 0 shifts in at the left end
    const r = (x << 1n) & mask; // right neighbour; 0 shifts in at the right end
    x = (x | r) & ~(l & x & r) & mask;
  }
  return x.toString(2).padStart(n, '0');
}


describe('rule110Cell', () => {
  it('is Rule 110 on all eight neighbourhoods', () => {
    // Wolfram code 110 = 0b01101110, neighbourhoods 111, 110, ..., 000.
    const table: Record<string, number> = { '111': 0, '110': 1, '101': 1, '100': 0, '011': 1, '010': 1, '001': 1, '000': 0 };
    for (const [k, v] of Object.entries(table)) expect(rule110Cell(+k[0], +k[1], +k[2]), k).toBe(v);
  });
});

describe('rule110Step', () => {
  it('treats cells beyond both ends as 0', () => {
    expect(Array.from(rule110Step(Uint8Array.of(1)))).toEqual([1]); // 010 -> 1
    expect(Array.from(rule110Step(Uint8Array.of(1, 0)))).toEqual([1, 0]); // 010, 100
    expect(Array.from(rule110Step(Uint8Array.of(0, 1)))).toEqual([1, 1]); // 001, 010
    expect(Array.from(rule110Step(Uint8Array.of(1, 1, 1)))).toEqual([1, 0, 1]); // 011, 111, 110
  });

  it('does not modify its input', () => {
    const row = Uint8Array.of(0, 1, 1, 0, 1);
    rule110Step(row);
    expect(Array.from(row)).toEqual([0, 1, 1, 0, 1]);
  });
});

describe('rule110.solve', () => {
  it('agrees with a BigInt-bitwise Rule 110 on random rows and step counts', () => {
    const random = seededRandom(110);
    for (let k = 0; k < 300; k++) {
      const n = randomInt(random, 1, 120);
      let cells = '';
      for (let i = 0; i < n; i++) cells += randomInt(random, 0, 1);
      const steps = randomInt(random, 0, 150);
      expect(rule110.solve({ cells, steps }), `${cells} x${steps}`).toBe(bitwiseRule110(cells, steps));
    }
  });

  it('agrees with the bitwise version on the task’s own random instances', () => {
    const random = seededRandom(111);
    for (const n of [1, 2, 3, 8, 31, 64, 200]) {
      const x = rule110.random(n, random);
      expect(x.cells).toMatch(/^[01]+$/);
      expect(x.cells).toHaveLength(n);
      expect(x.steps).toBe(n);
      expect(rule110.solve(x)).toBe(bitwiseRule110(x.cells, x.steps));
    }
  });

  it('generates K = L steps up to width 10⁴, then 10⁸ cell updates per rollout', () => {
    expect([1, 64, 10_000].map(rule110Steps)).toEqual([1, 64, 10_000]);
    expect(rule110Steps(10_001)).toBe(9999);
    expect(rule110Steps(65_536)).toBe(1525);
    expect(rule110Steps(1_000_000)).toBe(100);
    expect(rule110Steps(200_000_000)).toBe(1);
    expect(rule110.random(20_000, seededRandom(1)).steps).toBe(5000);
    expect(new Set(rule110.adversarial(1_000_000).map((x) => x.instance.steps))).toEqual(new Set([100]));
  });

  it('returns the row itself after 0 steps', () => {
    expect(rule110.solve({ cells: '0110100', steps: 0 })).toBe('0110100');
  });

  it('grows leftwards from a single cell at the right end', () => {
    expect(rule110.solve({ cells: '00001', steps: 1 })).toBe('00011');
    expect(rule110.solve({ cells: '00001', steps: 2 })).toBe('00111');
    expect(rule110.solve({ cells: '00001', steps: 3 })).toBe('01101');
    expect(rule110.solve({ cells: '00001', steps: 4 })).toBe('11111');
  });
});

describe('rule110 lattice', () => {
  it('encodes the row as the initial state with one token and the step count', () => {
    const lattice = rule110.encode({ cells: '0110', steps: 9 });
    expect(lattice.length).toBe(4);
    expect(Array.from(lattice.tokens)).toEqual([0, 0, 0, 0]);
    expect(Array.from(lattice.initialState!)).toEqual([0, 1, 1, 0]);
    expect(lattice.steps).toBe(9);
  });

  it('decodes states as a row of 0s and 1s', () => {
    expect(rule110.decode({ cells: '000', steps: 1 }, Uint8Array.of(1, 0, 1))).toBe('101');
  });
});

describe('rule110.adversarial', () => {
  it('builds the named families at the requested length and solves them', () => {
    for (const n of [1, 2, 14, 15, 50]) {
      const families = Object.fromEntries(rule110.adversarial(n).map((f) => [f.family, f.instance]));
      expect(families['single-cell-right'].cells).toBe('0'.repeat(n - 1) + '1');
      expect(families['all-ones'].cells).toBe('1'.repeat(n));
      expect(families['all-zeros'].cells).toBe('0'.repeat(n));
      expect(families['ether'].cells).toHaveLength(n);
      expect(rule110.solve(families['all-zeros'])).toBe('0'.repeat(n));
      for (const x of Object.values(families)) expect(rule110.solve(x)).toBe(bitwiseRule110(x.cells, x.steps));
    }
  });

  it('uses a true ether: on a ring the background returns to itself', () => {
    const ether = rule110.adversarial(14).find((f) => f.family === 'ether')!.instance.cells;
    expect(ether).toMatch(/^[01]{14}$/);
    // Rule 110's ether has spatial period 14 and temporal period 7 (it drifts, so compare up to rotation).
    const ring = (row: string): string =>
      Array.from(row, (_, i) => rule110Cell(+row[(i + 13) % 14], +row[i], +row[(i + 1) % 14])).join('');
    let row = ether;
    for (let t = 0; t < 7; t++) row = ring(row);
    expect((ether + ether).includes(row)).toBe(true);
    expect(rule110.adversarial(30).find((f) => f.family === 'ether')!.instance.cells).toBe((ether + ether + ether).slice(0, 30));
  });
});

describe('rule110.parse', () => {
  it('accepts cells with steps as a number or a digit string, and round-trips format', () => {
    expect(rule110.parse({ cells: '0101', steps: 3 })).toEqual({ cells: '0101', steps: 3 });
    expect(rule110.parse({ cells: '1', steps: '12' })).toEqual({ cells: '1', steps: 12 });
    expect(rule110.parse({ cells: '1', steps: 0 })).toEqual({ cells: '1', steps: 0 });
    expect(rule110.parse({ cells: '1', steps: MAX_ROLLOUT_STEPS }).steps).toBe(MAX_ROLLOUT_STEPS);
    const x = { cells: '0011010', steps: 17 };
    expect(rule110.parse(rule110.format(x))).toEqual(x);
    expect(rule110.formatOutput('0110')).toBe('0110');
  });

  it('rejects non-objects', () => {
    for (const input of [null, '0101', 3, []]) {
      expect(errorOf(() => rule110.parse(input))).toMatch(/^expected a JSON object with fields "cells" and "steps", got /);
    }
  });

  it('rejects missing, empty or malformed cells', () => {
    expect(errorOf(() => rule110.parse({ steps: 1 }))).toBe('missing field "cells"');
    expect(errorOf(() => rule110.parse({ cells: '', steps: 1 }))).toMatch(/^field "cells" is empty/);
    expect(errorOf(() => rule110.parse({ cells: '0a1', steps: 1 }))).toBe('field "cells" must contain only cells 0 and 1; found "a" at position 1');
    expect(errorOf(() => rule110.parse({ cells: 101, steps: 1 }))).toMatch(/^field "cells" must be a string/);
  });

  it('rejects a missing step count', () => {
    expect(errorOf(() => rule110.parse({ cells: '01' }))).toBe('missing field "steps"');
  });

  it.each([-1, 1.5, '-1', '2.5', 'ten', '', null, true, Number.NaN, Number.POSITIVE_INFINITY])('rejects steps %j', (steps) => {
    expect(errorOf(() => rule110.parse({ cells: '01', steps }))).toMatch(/^field "steps" must be a non-negative integer, got /);
  });

  it('rejects too many steps', () => {
    expect(errorOf(() => rule110.parse({ cells: '01', steps: MAX_ROLLOUT_STEPS + 1 }))).toBe(
      `field "steps" is ${MAX_ROLLOUT_STEPS + 1}; at most ${MAX_ROLLOUT_STEPS} is supported`,
    );
    expect(errorOf(() => rule110.parse({ cells: '01', steps: '99999999999999999999' }))).toMatch(/^field "steps" is /);
  });
});
