import { describe, expect, it } from 'vitest';
import { seededRandom, randomInt } from '../random.js';
import { TaskInputError } from '../task.js';
import { addDecimal, addition } from './addition.js';
import { errorOf } from '../test-errors.js';

/** The sum by JavaScript BigInt: an implementation that shares nothing with `addDecimal`. */
const bigSum = (a: string, b: string): string => (BigInt(a) + BigInt(b)).toString();

function randomDigits(random: () => number, n: number, leadingZeros = true): string {
  let s = leadingZeros ? '' : String(randomInt(random, 1, 9));
  while (s.length < n) s += randomInt(random, 0, 9);
  return s;
}


describe('addDecimal', () => {
  it('agrees with BigInt on random operands of every length 1..300, even and uneven', () => {
    const random = seededRandom(101);
    for (let n = 1; n <= 300; n++) {
      const m = randomInt(random, 1, 300);
      const a = randomDigits(random, n, random() < 0.5);
      const b = randomDigits(random, m, random() < 0.5);
      expect(addDecimal(a, b)).toBe(bigSum(a, b));
      expect(addDecimal(b, a)).toBe(bigSum(a, b));
    }
  });

  it('agrees with BigInt on adversarial carries at many lengths', () => {
    for (const n of [1, 2, 3, 9, 10, 15, 16, 17, 31, 64, 100, 299, 300]) {
      const nines = '9'.repeat(n);
      const cases: [string, string][] = [
        [nines, '1'],
        ['1', nines],
        [nines, nines],
        [nines, '0'],
        ['1' + '0'.repeat(n), nines], // 10^n + (10^n - 1)
        ['5' + '0'.repeat(n - 1), '5' + '0'.repeat(n - 1)], // carry out of the top digit only
        ['4'.repeat(n), '5'.repeat(n)], // every digit sums to 9: no carry at all
        ['4'.repeat(n - 1) + '6', '5'.repeat(n)], // one carry ripples across all n digits
        ['0'.repeat(n) + '9', '0'.repeat(2 * n) + '1'], // leading zeros on both
      ];
      for (const [a, b] of cases) expect(addDecimal(a, b), `${a} + ${b}`).toBe(bigSum(a, b));
    }
  });

  it('strips leading zeros but keeps a lone zero', () => {
    expect(addDecimal('000', '0')).toBe('0');
    expect(addDecimal('0', '0')).toBe('0');
    expect(addDecimal('0000000', '000')).toBe('0');
    expect(addDecimal('007', '003')).toBe('10');
    expect(addDecimal('0099', '1')).toBe('100');
    expect(addDecimal('1', '0000')).toBe('1');
  });

  it('handles some hand-checked sums', () => {
    expect(addDecimal('9', '1')).toBe('10');
    expect(addDecimal('999', '1')).toBe('1000');
    expect(addDecimal('123', '4567')).toBe('4690');
    expect(addDecimal('99', '99')).toBe('198');
  });
});

describe('addition.solve', () => {
  it('agrees with BigInt on random instances of many lengths', () => {
    const random = seededRandom(7);
    for (const n of [1, 2, 3, 5, 8, 13, 50, 128, 300]) {
      for (let k = 0; k < 20; k++) {
        const x = addition.random(n, random);
        expect(x.a).toHaveLength(n);
        expect(x.b).toHaveLength(n);
        expect(addition.solve(x)).toBe(bigSum(x.a, x.b));
      }
    }
  });

  it('random instances are digit strings that vary', () => {
    const random = seededRandom(8);
    const xs = Array.from({ length: 50 }, () => addition.random(6, random));
    for (const x of xs) expect(x.a + x.b).toMatch(/^[0-9]{12}$/);
    expect(new Set(xs.map((x) => x.a + x.b)).size).toBeGreaterThan(45);
  });
});

describe('addition lattice', () => {
  it('encodes digit pairs least significant first, with one extra cell for the final carry', () => {
    const lattice = addition.encode({ a: '123', b: '45' });
    expect(lattice.length).toBe(4);
    expect(Array.from(lattice.tokens)).toEqual([35, 24, 10, 0]);
    expect(lattice.initialState).toBeUndefined();
    expect(lattice.steps).toBeUndefined();
  });

  it('describes token 10a + b by the features [1, a/9, b/9]', () => {
    expect(addition.inputAlphabet).toHaveLength(100);
    expect(addition.inputAlphabet[0]).toEqual([1, 0, 0]);
    expect(addition.inputAlphabet[37]).toEqual([1, 3 / 9, 7 / 9]);
    expect(addition.inputAlphabet[99]).toEqual([1, 1, 1]);
  });

  it('has every cell settle to its carry-out', () => {
    expect(Array.from(addition.cellTargets!({ a: '95', b: '7' }))).toEqual([1, 1, 0]);
    expect(Array.from(addition.cellTargets!({ a: '44', b: '55' }))).toEqual([0, 0, 0]);
  });

  it('decodes any carry pattern as the digit sum of its carries', () => {
    expect(addition.decode({ a: '95', b: '7' }, Uint8Array.of(1, 1, 0))).toBe('102');
    // A wrong carry pattern gives a wrong (but well-formed) answer: decode really reads the states.
    expect(addition.decode({ a: '95', b: '7' }, Uint8Array.of(0, 0, 0))).toBe('92');
    expect(addition.decode({ a: '000', b: '0' }, new Uint8Array(4))).toBe('0');
  });

  it('lengthOf is the longer operand', () => {
    expect(addition.lengthOf({ a: '1', b: '23456' })).toBe(5);
    expect(addition.lengthOf({ a: '0000', b: '1' })).toBe(4);
  });
});

describe('addition.adversarial', () => {
  it('has carry-chain cross every cell: all carries are 1 except the last cell', () => {
    for (let n = 1; n <= 40; n++) {
      const chain = addition.adversarial(n).find((f) => f.family === 'carry-chain')!.instance;
      const targets = Array.from(addition.cellTargets!(chain));
      expect(targets.slice(0, -1).every((c) => c === 1), `length ${n}: ${chain.a} + ${chain.b}`).toBe(true);
      expect(targets.at(-1)).toBe(0);
      expect(targets.length).toBeGreaterThanOrEqual(3);
      expect(addition.solve(chain)).toBe('1' + '0'.repeat(chain.a.length));
    }
  });

  it('nines-plus-one and one-plus-nines carry into a new top digit', () => {
    for (const n of [2, 5, 33]) {
      const families = Object.fromEntries(addition.adversarial(n).map((f) => [f.family, f.instance]));
      expect(addition.solve(families['nines-plus-one'])).toBe('1' + '0'.repeat(n));
      expect(addition.solve(families['one-plus-nines'])).toBe('1' + '0'.repeat(n));
      expect(addition.solve(families['nines-plus-nines'])).toBe('1' + '9'.repeat(n - 1) + '8');
    }
  });

  it('uneven-lengths has operands of different lengths and leading-zeros has leading zeros', () => {
    for (const n of [3, 4, 10, 50]) {
      const families = Object.fromEntries(addition.adversarial(n).map((f) => [f.family, f.instance]));
      expect(families['uneven-lengths'].a.length).not.toBe(families['uneven-lengths'].b.length);
      const { a, b } = families['leading-zeros'];
      expect(a.startsWith('0') || b.startsWith('0')).toBe(true);
      expect(addition.solve(families['leading-zeros'])).toBe(bigSum(a, b));
    }
  });
});

describe('addition.parse', () => {
  it('accepts digit strings, keeping leading zeros', () => {
    expect(addition.parse({ a: '0012', b: '9' })).toEqual({ a: '0012', b: '9' });
  });

  it('accepts numbers that are safe non-negative integers', () => {
    expect(addition.parse({ a: 123, b: 0 })).toEqual({ a: '123', b: '0' });
    expect(addition.parse({ a: Number.MAX_SAFE_INTEGER, b: '1' })).toEqual({ a: '9007199254740991', b: '1' });
    expect(addition.solve(addition.parse({ a: Number.MAX_SAFE_INTEGER, b: 1 }))).toBe('9007199254740992');
  });

  it.each([
    [2 ** 53, 'a'],
    [1e21, 'a'],
    [-1, 'a'],
    [1.5, 'a'],
    [Number.NaN, 'a'],
    [Number.POSITIVE_INFINITY, 'a'],
  ])('rejects the number %j, naming the field', (a) => {
    expect(errorOf(() => addition.parse({ a, b: '1' }))).toMatch(/^field "a" must be a non-negative integer/);
    expect(errorOf(() => addition.parse({ a: '1', b: a }))).toMatch(/^field "b" must be a non-negative integer/);
  });

  it('rejects non-objects', () => {
    for (const input of [null, undefined, '12', 12, [1, 2], true]) {
      expect(errorOf(() => addition.parse(input))).toMatch(/^expected a JSON object with fields "a" and "b", got /);
    }
  });

  it('rejects missing fields, naming them', () => {
    expect(errorOf(() => addition.parse({ b: '1' }))).toBe('missing field "a"');
    expect(errorOf(() => addition.parse({ a: '1' }))).toBe('missing field "b"');
    expect(errorOf(() => addition.parse({}))).toBe('missing field "a"');
  });

  it('rejects empty strings and other types', () => {
    expect(errorOf(() => addition.parse({ a: '', b: '1' }))).toMatch(/^field "a" is empty/);
    expect(errorOf(() => addition.parse({ a: '1', b: '' }))).toMatch(/^field "b" is empty/);
    expect(errorOf(() => addition.parse({ a: true, b: '1' }))).toMatch(/^field "a" must be a string of decimal digits/);
    expect(errorOf(() => addition.parse({ a: '1', b: null }))).toMatch(/^field "b" .*got null/);
  });

  it('names the bad character and its position', () => {
    expect(errorOf(() => addition.parse({ a: '12a4', b: '1' }))).toBe('field "a" must contain only decimal digits; found "a" at position 2');
    expect(errorOf(() => addition.parse({ a: '1', b: '-5' }))).toBe('field "b" must contain only decimal digits; found "-" at position 0');
    expect(errorOf(() => addition.parse({ a: '1.0', b: '1' }))).toMatch(/found "\." at position 1$/);
    expect(errorOf(() => addition.parse({ a: '1e5', b: '1' }))).toMatch(/found "e" at position 1$/);
    expect(errorOf(() => addition.parse({ a: ' 1', b: '1' }))).toMatch(/found " " at position 0$/);
    expect(errorOf(() => addition.parse({ a: '١٢', b: '1' }))).toMatch(/^field "a" .* at position 0$/);
  });

  it('round-trips format and parse, and formats the output as is', () => {
    const random = seededRandom(5);
    for (const n of [1, 7, 40]) {
      const x = addition.random(n, random);
      expect(addition.parse(addition.format(x))).toEqual(x);
      expect(addition.parse(JSON.parse(JSON.stringify(addition.format(x))))).toEqual(x);
    }
    expect(addition.formatOutput('1234')).toBe('1234');
  });

  it('compares answers exactly', () => {
    expect(addition.equal('10', '10')).toBe(true);
    expect(addition.equal('10', '010')).toBe(false);
  });
});
