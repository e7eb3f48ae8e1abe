import { applyRule, createRegistry, OUTSIDE, seededRandom, TaskInputError, randomInt } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { compareDecimal, subtractDecimal, subtraction, type SubtractionInstance } from './subtraction.js';

/** The same difference by BigInt, the arbiter of the hand-written solver. */
const bigDifference = ({ a, b }: SubtractionInstance) => (BigInt(a) - BigInt(b)).toString();

/** Digit strings of independent lengths (so with uneven lengths and leading zeros), larger first. */
function unevenPairs(count: number, seed: number): SubtractionInstance[] {
  const random = seededRandom(seed);
  const digits = (n: number) => Array.from({ length: n }, () => randomInt(random, 0, 9)).join('');
  return Array.from({ length: count }, () => {
    const x = digits(randomInt(random, 1, 30));
    const y = digits(randomInt(random, 1, 30));
    return compareDecimal(x, y) < 0 ? { a: y, b: x } : { a: x, b: y };
  });
}

const random = seededRandom(2024);
const randomInstances = [1, 2, 3, 5, 8, 16, 31, 64, 200].flatMap((n) => Array.from({ length: 40 }, () => subtraction.random(n, random)));
const adversarialInstances = [1, 2, 3, 4, 5, 7, 16, 33, 100].flatMap((n) => subtraction.adversarial(n));
const allInstances = [...randomInstances, ...unevenPairs(300, 7), ...adversarialInstances.map((x) => x.instance)];

describe('subtraction solver', () => {
  it('agrees with BigInt on random, uneven and adversarial instances', () => {
    for (const x of allInstances) expect(subtraction.solve(x), `${x.a} − ${x.b}`).toBe(bigDifference(x));
  });

  it('writes answers without leading zeros, and 0 for equal numbers', () => {
    expect(subtractDecimal('1000', '1')).toBe('999');
    expect(subtractDecimal('0042', '42')).toBe('0');
    expect(subtractDecimal('1', '0')).toBe('1');
    expect(subtractDecimal('007', '0005')).toBe('2');
  });

  it('refuses a negative difference', () => {
    expect(() => subtractDecimal('99', '100')).toThrow(RangeError);
  });

  it('compares digit strings by value, not by spelling', () => {
    expect(compareDecimal('0010', '9')).toBe(1);
    expect(compareDecimal('9', '0010')).toBe(-1);
    expect(compareDecimal('000', '0')).toBe(0);
    expect(compareDecimal('123', '124')).toBe(-1);
  });
});

describe('subtraction generators', () => {
  it('draws a ≥ b with the requested number of digits, the same for the same seed', () => {
    const draw = (seed: number) => Array.from({ length: 50 }, () => subtraction.random(12, seededRandom(seed)));
    expect(draw(3)).toEqual(draw(3));
    const r = seededRandom(11);
    const instances = Array.from({ length: 500 }, () => subtraction.random(6, r));
    for (const x of instances) {
      expect(compareDecimal(x.a, x.b)).toBeGreaterThanOrEqual(0);
      expect(subtraction.lengthOf(x)).toBe(6);
      expect(subtraction.encode(x).length).toBe(6);
    }
    // Not always the same operand order before the swap: both digit strings vary.
    expect(new Set(instances.map((x) => x.a)).size).toBeGreaterThan(400);
  });

  it('gives adversarial instances of the requested length that parse back to themselves', () => {
    for (const n of [2, 5, 16, 64]) {
      const named = subtraction.adversarial(n);
      expect(new Set(named.map((x) => x.family)).size).toBe(named.length);
      for (const { family, instance } of named) {
        expect(subtraction.encode(instance).length, family).toBe(n);
        expect(subtraction.parse(subtraction.format(instance)), family).toEqual(instance);
      }
    }
  });

  it('makes a borrow cross every digit of 10…0 − 1 and the middle of the chain family', () => {
    const byFamily = Object.fromEntries(subtraction.adversarial(20).map((x) => [x.family, x.instance]));
    expect(Array.from(subtraction.cellTargets!(byFamily['power-minus-one']))).toEqual([...Array(19).fill(1), 0]);
    expect(subtraction.solve(byFamily['power-minus-one'])).toBe('9'.repeat(19));
    expect(subtraction.solve(byFamily['power-minus-nines'])).toBe('1');
    expect(subtraction.solve(byFamily['equal-numbers'])).toBe('0');
    expect(subtraction.solve(byFamily['leading-zeros'])).toBe('1');
    const chain = Array.from(subtraction.cellTargets!(byFamily['middle-borrow-chain']));
    expect(chain).toEqual([...Array(5).fill(0), ...Array(9).fill(1), ...Array(6).fill(0)]);
  });
});

describe('subtraction lattice', () => {
  it('decodes its cell targets to the solver\'s answer', () => {
    for (const x of allInstances) expect(subtraction.decode(x, subtraction.cellTargets!(x)), `${x.a} − ${x.b}`).toBe(subtraction.solve(x));
  });

  it('decodes wrong borrows to a wrong answer, so the readout depends on the lattice', () => {
    const x = { a: '1000', b: '1' };
    expect(subtraction.decode(x, new Uint8Array(4))).not.toBe(subtraction.solve(x));
  });

  it('encodes digit pairs from the least significant end', () => {
    expect(Array.from(subtraction.encode({ a: '4321', b: '15' }).tokens)).toEqual([15, 21, 30, 40]);
  });

  it('has a reference rule that settles from any start to the cell targets within L steps, and stays', () => {
    const start = seededRandom(99);
    for (const x of allInstances) {
      const { tokens, length } = subtraction.encode(x);
      let states: Uint8Array = new Uint8Array(length);
      if (start() < 0.5) for (let i = 0; i < length; i++) states[i] = randomInt(start, 0, 1);
      for (let t = 0; t < length; t++) states = applyRule(subtraction.rule!, tokens, states);
      expect(Array.from(states), `${x.a} − ${x.b}`).toEqual(Array.from(subtraction.cellTargets!(x)));
      expect(Array.from(applyRule(subtraction.rule!, tokens, states))).toEqual(Array.from(states));
    }
  });

  it('treats the edge below the least significant digit as no borrow', () => {
    const rule = subtraction.rule!;
    expect(rule.next([OUTSIDE, 10 * 3 + 4, 0], [OUTSIDE, 0, 0])).toBe(1); // 3 − 4
    expect(rule.next([OUTSIDE, 10 * 4 + 4, 0], [OUTSIDE, 1, 1])).toBe(0); // 4 − 4, nothing borrowed below
    expect(rule.next([0, 10 * 4 + 4, 0], [1, 0, 0])).toBe(1); //             4 − 4 − 1
  });
});

describe('subtraction input', () => {
  const error = (input: unknown) => {
    try {
      subtraction.parse(input);
    } catch (e) {
      expect(e).toBeInstanceOf(TaskInputError);
      expect((e as Error).message).not.toContain('\n');
      return (e as Error).message;
    }
    throw new Error(`parse accepted ${JSON.stringify(input)}`);
  };

  it('accepts digit strings with leading zeros and safe integers', () => {
    expect(subtraction.parse({ a: '00123', b: '0045' })).toEqual({ a: '00123', b: '0045' });
    expect(subtraction.parse({ a: 1000000, b: 1 })).toEqual({ a: '1000000', b: '1' });
    expect(subtraction.parse({ a: '7', b: '007' })).toEqual({ a: '7', b: '007' });
  });

  it('rejects a < b naming both fields', () => {
    const message = error({ a: '12', b: '0013' });
    expect(message).toMatch(/"a"/);
    expect(message).toMatch(/"b"/);
  });

  it('rejects malformed fields with the field\'s name', () => {
    expect(error({ a: '12x', b: '1' })).toMatch(/field "a".*"x" at position 2/);
    expect(error({ a: '12' })).toMatch(/missing field "b"/);
    expect(error({ a: '', b: '1' })).toMatch(/field "a" is empty/);
    expect(error({ a: '5', b: -3 })).toMatch(/field "b" must be a non-negative integer/);
    expect(error({ a: 1.5, b: 1 })).toMatch(/field "a"/);
    expect(error([1, 2])).toMatch(/JSON object/);
  });

  it('formats the answer as its digit string', () => {
    expect(subtraction.formatOutput(subtraction.solve(subtraction.parse({ a: '1000000', b: '1' })))).toBe('999999');
  });

  it('registers beside the built-ins', () => {
    const registry = createRegistry().register(subtraction);
    expect(registry.get('subtraction')).toBe(subtraction);
    expect(registry.ids()).toContain('addition');
  });
});
