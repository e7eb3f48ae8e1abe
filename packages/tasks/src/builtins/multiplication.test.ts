import { describe, expect, it } from 'vitest';
import { applyRule } from '../apply-rule.js';
import { asciiBytes } from '../fields.js';
import { latticeProblem } from '../check-lattice.js';
import { MAX_LENGTH } from '../limits.js';
import { randomInt, seededRandom } from '../random.js';
import { defineTask, TaskRegistry } from '../registry.js';
import { OUTSIDE, type Random } from '../task.js';
import { errorOf } from '../test-errors.js';
import { windowOffsets } from '../window.js';
import { multiplication, multiplyBinary, type MultiplicationInstance } from './multiplication.js';

/** The product by BigInt, the operands read bit by bit: shares nothing with the task's code. */
const bigProduct = (a: string, b: string): string => {
  const value = (bits: string) => [...bits].reduce((v, c) => 2n * v + BigInt(c), 0n);
  return (value(a) * value(b)).toString(2);
};

function randomBits(random: Random, n: number): string {
  let bits = '';
  while (bits.length < n) bits += randomInt(random, 0, 1);
  return bits;
}

/** Every bit string of 1 to `max` bits, leading zeros included. */
function allBitStrings(max: number): string[] {
  const out: string[] = [];
  for (let n = 1; n <= max; n++) for (let v = 0; v < 2 ** n; v++) out.push(v.toString(2).padStart(n, '0'));
  return out;
}

const { rule } = multiplication;
const SYMBOL = Object.fromEntries(multiplication.stateSymbols.map((name, k) => [name, k]));

/** A copy of `values` with entry `at` set to `value`. */
function withEntry<T extends Uint8Array | number[]>(values: T, at: number, value: number): T {
  const copy = values.slice() as T;
  copy[at] = value;
  return copy;
}

/** Steps until the last cell settles: see the rule's description. */
const settleSteps = (rows: number, columns: number) => (columns === 1 ? rows : 2 * rows + columns - 2);

/**
 * The rule iterated by `applyRule` from every cell undecided until a step changes nothing: the
 * settled states, how many steps changed something, the step at which each cell settled, and
 * whether any cell changed again after settling.
 */
function relax(x: MultiplicationInstance): { states: Uint8Array; steps: number; settledAt: Int32Array; unsettled: boolean } {
  const lattice = multiplication.encode(x);
  let states: Uint8Array = new Uint8Array(lattice.length);
  const settledAt = new Int32Array(lattice.length).fill(-1);
  let unsettled = false;
  for (let step = 1; step <= lattice.length + 1; step++) {
    const next = applyRule(rule!, lattice.tokens, states, lattice.columns);
    if (next.every((s, i) => s === states[i])) return { states, steps: step - 1, settledAt, unsettled };
    for (let i = 0; i < next.length; i++) {
      if (settledAt[i] >= 0) unsettled ||= next[i] !== states[i];
      else if (next[i] !== SYMBOL._) settledAt[i] = step;
    }
    states = next;
  }
  throw new Error(`${x.a} × ${x.b} did not settle within one step per cell`);
}

describe('multiplyBinary', () => {
  it('agrees with BigInt on random operands of every length 1..200, even and uneven, with leading zeros', () => {
    const random = seededRandom(31);
    for (let n = 1; n <= 200; n++) {
      const a = randomBits(random, n);
      const b = randomBits(random, randomInt(random, 1, 200));
      expect(multiplyBinary(a, b)).toBe(bigProduct(a, b));
      expect(multiplyBinary(b, a)).toBe(bigProduct(a, b));
    }
  });

  it('handles some hand-checked products, zeros and empty operands', () => {
    expect(multiplyBinary('1011', '110')).toBe('1000010');
    expect(multiplyBinary('11', '11')).toBe('1001');
    expect(multiplyBinary('1', '1')).toBe('1');
    expect(multiplyBinary('000', '0111')).toBe('0');
    expect(multiplyBinary('0010', '0010')).toBe('100');
    expect(multiplyBinary('', '101')).toBe('0');
    expect(multiplyBinary('', '')).toBe('0');
  });
});

describe('multiplication.solve', () => {
  it('answers the issue’s example through parse and formatOutput', () => {
    const x = multiplication.parse(JSON.parse('{"a":"1011","b":"110"}'));
    expect(multiplication.formatOutput(multiplication.solve(x))).toBe('1000010');
  });

  it('agrees with multiplyBinary on random instances up to 64 bits and on long ones', () => {
    const random = seededRandom(32);
    for (let k = 0; k < 300; k++) {
      const x = { a: randomBits(random, randomInt(random, 1, 64)), b: randomBits(random, randomInt(random, 1, 64)) };
      expect(multiplication.solve(x)).toBe(multiplyBinary(x.a, x.b));
    }
    for (const [na, nb] of [[3000, 2000], [1, 5000], [4096, 4096]]) {
      const x = { a: randomBits(random, na), b: randomBits(random, nb) };
      expect(multiplication.solve(x)).toBe(multiplyBinary(x.a, x.b));
    }
  });

  it('writes zero as "0" and drops leading zeros', () => {
    expect(multiplication.solve({ a: '0000', b: '1' })).toBe('0');
    expect(multiplication.solve({ a: '0011', b: '00101' })).toBe('1111');
    expect(multiplication.solve({ a: '', b: '1' })).toBe('0');
  });
});

describe('multiplication lattice', () => {
  it('is the outer product: a grid of |a| rows and |b| columns, cell (i, j) holding a_i · b_j', () => {
    const lattice = multiplication.encode({ a: '101', b: '11' });
    expect(lattice).toEqual({ length: 6, columns: 2, tokens: Uint8Array.of(1, 1, 0, 0, 1, 1) });
    const random = seededRandom(33);
    for (let k = 0; k < 50; k++) {
      const a = randomBits(random, randomInt(random, 1, 20));
      const b = randomBits(random, randomInt(random, 1, 20));
      const { length, columns, tokens } = multiplication.encode({ a, b });
      expect([length, columns]).toEqual([a.length * b.length, b.length]);
      for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) expect(tokens[i * b.length + j]).toBe(Number(a[i]) * Number(b[j]));
    }
  });

  it('has one-hot tokens, five state symbols with "_" first, and reads every cell', () => {
    expect(multiplication.inputAlphabet).toEqual([[1, 0], [0, 1]]);
    expect(multiplication.stateSymbols).toEqual(['_', '0', '1', '0c', '1c']);
    expect(multiplication.dimensions).toBe(2);
    expect(multiplication.dynamics).toBe('fixed-point');
    expect(multiplication.readout).toBe('all');
  });

  it('lengthOf is the longer operand', () => {
    expect(multiplication.lengthOf({ a: '1', b: '10110' })).toBe(5);
    expect(multiplication.lengthOf({ a: '0000', b: '1' })).toBe(4);
  });
});

describe('multiplication rule', () => {
  /** A window of OUTSIDE everywhere but the given positions, `[dy, dx, token, state]`. */
  function window(...cells: [number, number, number, number][]): [number[], number[]] {
    const offsets = windowOffsets(2, 1);
    const tokens = offsets.map(() => OUTSIDE);
    const states = offsets.map(() => OUTSIDE);
    for (const [dy, dx, token, state] of cells) {
      const k = offsets.findIndex(([y, x]) => y === dy && x === dx);
      tokens[k] = token;
      states[k] = state;
    }
    return [tokens, states];
  }
  const next = (cells: [number, number, number, number][]) => rule!.next(...window(...cells));

  it('adds the partial product, the right neighbour’s carry and the sum bit below-left', () => {
    // A lone cell: nothing to add but its partial product.
    expect(next([[0, 0, 1, SYMBOL._]])).toBe(SYMBOL['1']);
    expect(next([[0, 0, 0, SYMBOL._]])).toBe(SYMBOL['0']);
    // 1 + carry 1 (right, "0c") + sum bit 1 (below-left, "1") = 3: sum 1, carry 1.
    const inside: [number, number, number, number][] = [[0, -1, 0, SYMBOL._], [1, 0, 0, SYMBOL['0']]];
    expect(next([...inside, [0, 0, 1, SYMBOL._], [0, 1, 0, SYMBOL['0c']], [1, -1, 0, SYMBOL['1']]])).toBe(SYMBOL['1c']);
    // The sum bit below-left, not its carry; the carry on the right, not its sum bit.
    expect(next([...inside, [0, 0, 0, SYMBOL._], [0, 1, 0, SYMBOL['1']], [1, -1, 0, SYMBOL['0c']]])).toBe(SYMBOL['0']);
  });

  it('at the left edge takes the carry of the cell below, and in the bottom row nothing from below', () => {
    expect(next([[0, 0, 1, SYMBOL._], [1, 0, 1, SYMBOL['0c']], [0, 1, 1, SYMBOL['1c']]])).toBe(SYMBOL['1c']);
    expect(next([[0, 0, 0, SYMBOL._], [1, 0, 1, SYMBOL['1']]])).toBe(SYMBOL['0']);
    expect(next([[0, 0, 1, SYMBOL._], [0, -1, 0, SYMBOL['1c']], [0, 1, 0, SYMBOL['0c']]])).toBe(SYMBOL['0c']);
  });

  it('waits for an undecided input, and only for the inputs it reads', () => {
    expect(next([[0, 0, 1, SYMBOL['1']], [0, 1, 1, SYMBOL._]])).toBe(SYMBOL._);
    expect(next([[0, 0, 1, SYMBOL['1']], [0, -1, 1, SYMBOL._], [1, 0, 1, SYMBOL['0']], [1, -1, 1, SYMBOL._]])).toBe(SYMBOL._);
    expect(next([[0, 0, 1, SYMBOL['1']], [1, 0, 1, SYMBOL._]])).toBe(SYMBOL._);
    // Undecided cells it does not read: above, left, below (away from the left edge) and below-right.
    expect(next([[0, 0, 1, SYMBOL._], [-1, 0, 1, SYMBOL._], [0, -1, 1, SYMBOL._], [1, -1, 1, SYMBOL['0']], [1, 0, 1, SYMBOL._], [1, 1, 1, SYMBOL._]])).toBe(SYMBOL['1']);
  });

  it('never reads the cell’s own state, and answers every window with a state symbol', () => {
    const random = seededRandom(34);
    const centre = windowOffsets(2, 1).findIndex(([y, x]) => y === 0 && x === 0);
    for (let k = 0; k < 5000; k++) {
      const tokens = Array.from({ length: 9 }, () => randomInt(random, -1, 1));
      const states = Array.from({ length: 9 }, () => randomInt(random, -1, 4));
      tokens[centre] = randomInt(random, 0, 1);
      states[centre] = 0;
      const answer = rule!.next(tokens, states);
      expect(Number.isInteger(answer) && answer >= 0 && answer < 5).toBe(true);
      for (let s = 1; s < 5; s++) expect(rule!.next(tokens, withEntry(states, centre, s))).toBe(answer);
    }
  });

  it('settles every grid of operands of 1 to 6 bits to cellTargets, holding the product', () => {
    const operands = allBitStrings(6);
    const wrong: string[] = [];
    for (const a of operands) {
      for (const b of operands) {
        const x = { a, b };
        const { states, unsettled } = relax(x);
        const targets = multiplication.cellTargets!(x);
        if (unsettled) wrong.push(`${a} × ${b}: a settled cell changed`);
        if (states.some((s, i) => s !== targets[i])) wrong.push(`${a} × ${b}: settled to [${states}], cellTargets [${targets}]`);
        if (multiplication.decode(x, states) !== bigProduct(a, b)) wrong.push(`${a} × ${b}: decoded ${multiplication.decode(x, states)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('settles cell (p, q) at step 2p + q + 1 (p + 1 in a single column): the grid in 2·rows + columns − 2 steps', () => {
    const random = seededRandom(36);
    for (let k = 0; k < 60; k++) {
      const [rows, columns] = [randomInt(random, 1, 12), randomInt(random, 1, 12)];
      const x = { a: randomBits(random, rows), b: randomBits(random, columns) };
      const { steps, settledAt } = relax(x);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < columns; j++) {
          const [p, q] = [rows - 1 - i, columns - 1 - j];
          expect(settledAt[i * columns + j], `cell (${i}, ${j}) of ${x.a} × ${x.b}`).toBe(columns === 1 ? p + 1 : 2 * p + q + 1);
        }
      }
      expect(steps).toBe(settleSteps(rows, columns));
    }
  });

  it('agrees with cellTargets and solve on random operands up to 64 bits', () => {
    const random = seededRandom(37);
    for (let k = 0; k < 24; k++) {
      const x = { a: randomBits(random, randomInt(random, 1, 64)), b: randomBits(random, randomInt(random, 1, 64)) };
      const { states } = relax(x);
      expect(Array.from(states)).toEqual(Array.from(multiplication.cellTargets!(x)));
      expect(multiplication.decode(x, states)).toBe(multiplication.solve(x));
    }
  });

  it('reaches cellTargets from any starting states once the last cell has had its steps', () => {
    const random = seededRandom(38);
    for (let k = 0; k < 40; k++) {
      const x = { a: randomBits(random, randomInt(random, 1, 10)), b: randomBits(random, randomInt(random, 1, 10)) };
      const { tokens, columns, length } = multiplication.encode(x);
      let states: Uint8Array = Uint8Array.from({ length }, () => randomInt(random, 0, 4));
      for (let t = 0; t < settleSteps(x.a.length, x.b.length); t++) states = applyRule(rule!, tokens, states, columns);
      expect(Array.from(states)).toEqual(Array.from(multiplication.cellTargets!(x)));
    }
  });
});

describe('multiplication.decode', () => {
  it('reads the top-left carry, the top row and the right column, and nothing else', () => {
    const x = { a: '1011', b: '110' };
    const states = multiplication.cellTargets!(x);
    expect(multiplication.decode(x, states)).toBe('1000010');
    const readCells = new Set([0, 1, 2, 5, 8, 11]);
    for (let cell = 0; cell < states.length; cell++) {
      for (let s = 0; s < 5; s++) {
        const changed = multiplication.decode(x, withEntry(states, cell, s));
        if (!readCells.has(cell)) expect(changed).toBe('1000010');
      }
    }
    // Flipping the sum bit of a read cell flips one bit of the answer.
    const flipped = withEntry(states, 8, states[8] === SYMBOL['1'] ? SYMBOL['0'] : SYMBOL['1']);
    expect(multiplication.decode(x, flipped)).not.toBe('1000010');
  });

  it('reads undecided cells as 0', () => {
    expect(multiplication.decode({ a: '111', b: '11' }, new Uint8Array(6))).toBe('0');
  });
});

describe('multiplication.tokenWindowOccurs', () => {
  const key = (window: readonly number[]) => window.join(',');

  /** Every window of this radius that the encodings of these operands hold. */
  function windowsOf(pairs: Iterable<[string, string]>, radius: number): Set<string> {
    const offsets = windowOffsets(2, radius);
    const seen = new Set<string>();
    for (const [a, b] of pairs) {
      const { tokens } = multiplication.encode({ a, b });
      const [rows, columns] = [a.length, b.length];
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < columns; x++) {
          seen.add(key(offsets.map(([dy, dx]) => (y + dy >= 0 && y + dy < rows && x + dx >= 0 && x + dx < columns ? tokens[(y + dy) * columns + x + dx] : OUTSIDE))));
        }
      }
    }
    return seen;
  }

  function* allPairs(max: number): Iterable<[string, string]> {
    const operands = allBitStrings(max);
    for (const a of operands) for (const b of operands) yield [a, b];
  }

  it('allows exactly the 3 × 3 windows that encodings hold (all operands up to 5 bits hold every one)', () => {
    const seen = windowsOf(allPairs(5), 1);
    // Every window of tokens 0, 1 and OUTSIDE with the centre inside.
    let allowed = 0;
    let refused = 0;
    for (let index = 0; index < 3 ** 9; index++) {
      const window = Array.from({ length: 9 }, (_, k) => (Math.floor(index / 3 ** k) % 3) - 1);
      if (window[4] === OUTSIDE) continue;
      const occurs = multiplication.tokenWindowOccurs!(window);
      expect(occurs, key(window)).toBe(seen.has(key(window)));
      if (occurs) allowed++;
      else refused++;
    }
    expect(allowed).toBe(seen.size);
    expect(refused).toBeGreaterThan(allowed);
  });

  it('allows the windows of radius 2 that encodings hold, and refuses others', () => {
    const random = seededRandom(39);
    const pairs: [string, string][] = [...allPairs(3)];
    for (let k = 0; k < 300; k++) pairs.push([randomBits(random, randomInt(random, 1, 9)), randomBits(random, randomInt(random, 1, 9))]);
    for (const window of windowsOf(pairs, 2)) expect(multiplication.tokenWindowOccurs!(window.split(',').map(Number)), window).toBe(true);
    const diagonal = Array.from({ length: 25 }, (_, k) => (k % 6 === 0 ? 1 : 0));
    expect(multiplication.tokenWindowOccurs!(diagonal)).toBe(false);
    // A row beyond the edge between two inside it.
    const gap = Array.from({ length: 25 }, (_, k) => (Math.floor(k / 5) === 1 ? OUTSIDE : 0));
    expect(multiplication.tokenWindowOccurs!(gap)).toBe(false);
    expect(multiplication.tokenWindowOccurs!(gap.map((t, k) => (Math.floor(k / 5) === 0 ? OUTSIDE : t)))).toBe(true);
  });

  it('passes the lattice check of random operands up to 64 bits at radius 1 and 2', () => {
    const random = seededRandom(40);
    for (let k = 0; k < 40; k++) {
      const x = { a: randomBits(random, randomInt(random, 1, 64)), b: randomBits(random, randomInt(random, 1, 64)) };
      for (const radius of [1, 2]) expect(latticeProblem(multiplication, multiplication.encode(x), radius)).toBeUndefined();
    }
  });

  it('refuses a window that is not an outer product, and tokens outside the alphabet', () => {
    expect(multiplication.tokenWindowOccurs!([1, 0, 0, 0, 1, 0, 0, 0, 1])).toBe(false);
    expect(multiplication.tokenWindowOccurs!([1, 1, 0, 1, 1, 0, 0, 0, 0])).toBe(true);
    expect(multiplication.tokenWindowOccurs!([0, 0, 0, 0, 2, 0, 0, 0, 0])).toBe(false);
    expect(multiplication.tokenWindowOccurs!([OUTSIDE, 0, 0, 0, 1, 0, 0, 0, 0])).toBe(false);
  });
});

describe('multiplication.adversarial', () => {
  const at = (n: number) => Object.fromEntries(multiplication.adversarial(n).map((f) => [f.family, f.instance]));

  it('has every family at 1024 bits, each settling (cellTargets) to the product', () => {
    const families = at(1024);
    expect(Object.keys(families)).toEqual([
      'ones-times-ones',
      'one-times-x',
      'x-times-one',
      'power-of-two-times-ones',
      'zero-times-x',
      'padded-two-times-two',
      'long-times-short',
      'short-times-long',
      'alternating',
    ]);
    for (const [family, x] of Object.entries(families)) {
      expect(multiplication.lengthOf(x), family).toBe(1024);
      expect(multiplication.decode(x, multiplication.cellTargets!(x)), family).toBe(multiplyBinary(x.a, x.b));
      expect(multiplication.solve(x), family).toBe(multiplyBinary(x.a, x.b));
    }
  });

  it('makes the products the families promise', () => {
    for (const n of [2, 3, 8, 33, 1024]) {
      const families = at(n);
      const solve = (family: string) => multiplication.solve(families[family]);
      // (2^n − 1)² = 2^2n − 2^(n+1) + 1
      expect(solve('ones-times-ones')).toBe('1'.repeat(n - 1) + '0'.repeat(n) + '1');
      expect(solve('power-of-two-times-ones')).toBe('1'.repeat(n) + '0'.repeat(n - 1));
      expect(solve('padded-two-times-two')).toBe('100');
      expect(families['padded-two-times-two'].a).toHaveLength(n);
      expect(solve('zero-times-x')).toBe('0');
      expect(solve('one-times-x')).toBe(families['one-times-x'].b);
      expect(solve('x-times-one')).toBe(families['x-times-one'].a);
      expect(families['long-times-short'].b).toHaveLength(Math.ceil(n / 8));
      expect(families['short-times-long'].a).toHaveLength(Math.ceil(n / 8));
      expect(families.alternating.a).toMatch(/^(10)*1?$/);
      expect(families.alternating.b).toMatch(/^(01)*0?$/);
    }
  });

  it('is the same at every call', () => {
    expect(multiplication.adversarial(100)).toEqual(multiplication.adversarial(100));
  });
});

describe('multiplication.random', () => {
  it('draws two operands of the requested length that vary', () => {
    const random = seededRandom(41);
    const xs = Array.from({ length: 50 }, () => multiplication.random(6, random));
    for (const x of xs) expect(x.a + x.b).toMatch(/^[01]{12}$/);
    expect(new Set(xs.map((x) => x.a + x.b)).size).toBeGreaterThan(45);
  });
});

describe('multiplication.parse', () => {
  it('accepts bit strings, keeping leading zeros and unequal lengths', () => {
    expect(multiplication.parse({ a: '0011', b: '1' })).toEqual({ a: '0011', b: '1' });
  });

  it('rejects non-objects, missing and empty fields, and anything but bits, naming the field', () => {
    expect(errorOf(() => multiplication.parse('1011'))).toBe('expected a JSON object with fields "a" and "b", got "1011"');
    expect(errorOf(() => multiplication.parse({ b: '1' }))).toBe('missing field "a"');
    expect(errorOf(() => multiplication.parse({ a: '1' }))).toBe('missing field "b"');
    expect(errorOf(() => multiplication.parse({ a: '', b: '1' }))).toBe('field "a" is empty; it must be a string of bits 0 and 1');
    expect(errorOf(() => multiplication.parse({ a: '1', b: '1021' }))).toBe('field "b" must contain only bits 0 and 1; found "2" at position 2');
    expect(errorOf(() => multiplication.parse({ a: '1', b: '0b11' }))).toBe('field "b" must contain only bits 0 and 1; found "b" at position 1');
    expect(errorOf(() => multiplication.parse({ a: 1011, b: '1' }))).toBe('field "a" must be a string of bits 0 and 1, got number 1011');
  });

  it('takes grids up to MAX_LENGTH cells and refuses larger ones, naming both fields and the limit', () => {
    const side = Math.floor(Math.sqrt(MAX_LENGTH));
    expect(side * side).toBeLessThanOrEqual(MAX_LENGTH);
    const ones = (n: number) => '1'.repeat(n);
    expect(() => multiplication.parse({ a: ones(side), b: ones(Math.floor(MAX_LENGTH / side)) })).not.toThrow();
    const over = Math.floor(MAX_LENGTH / side) + 1;
    const message = `fields "a" and "b" have ${side} and ${over} bits, a grid of ${side * over} cells; at most ${MAX_LENGTH} cells are supported`;
    expect(errorOf(() => multiplication.parse({ a: ones(side), b: ones(over) }))).toBe(message);
    // Refused before any grid is built: a lattice of this many cells would not fit in memory.
    expect(errorOf(() => multiplication.encodeBytes!({ a: asciiBytes(ones(side)), b: asciiBytes(ones(over)) }))).toBe(message);
    expect(errorOf(() => multiplication.encodeBytes!({ a: new Uint8Array(1 << 20).fill(49), b: ones(1 << 9) }))).toBe(
      `fields "a" and "b" have ${1 << 20} and ${1 << 9} bits, a grid of ${1 << 29} cells; at most ${MAX_LENGTH} cells are supported`,
    );
  });
});

describe('multiplication bytes', () => {
  it('decodeBytes writes a long product in pieces, as formatOutput(decode) does', () => {
    const x = { a: '1'.repeat(70_000), b: '1' };
    const lattice = multiplication.encodeBytes!({ a: asciiBytes(x.a), b: asciiBytes(x.b) });
    const states = multiplication.cellTargets!(x);
    const pieces = [...multiplication.decodeBytes!(lattice, states)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => piece.length <= 1 << 16)).toBe(true);
    expect(pieces.map((piece) => new TextDecoder().decode(piece)).join('')).toBe(multiplication.formatOutput(multiplication.decode(x, states)));
  });
});

describe('multiplication as a task', () => {
  it('passes defineTask’s checks again and registers on a registry of its own', () => {
    const checked = defineTask(multiplication);
    expect(checked.dimensions).toBe(2);
    expect(checked.recipe).toEqual(multiplication.recipe);
    expect(new TaskRegistry().register(multiplication).get('multiplication')).toBe(multiplication);
  });

  it('recommends chaos training on operands of at most 6 bits, validated beyond', () => {
    const { recipe } = multiplication;
    expect(recipe!.model.channels).toBe(multiplication.stateSymbols.length);
    expect(recipe!.trainLengths).toEqual([1, 6]);
    expect(Math.min(...recipe!.validationLengths)).toBeGreaterThan(6);
  });
});
