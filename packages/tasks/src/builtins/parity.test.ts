import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { TaskInputError } from '../task.js';
import { parity } from './parity.js';
import { errorOf } from '../test-errors.js';

/** Parity by counting the set bits of the string read as a BigInt. */
function popcountParity(bits: string): 0 | 1 {
  let x = BigInt('0b' + bits);
  let count = 0;
  while (x > 0n) {
    count += Number(x & 1n);
    x >>= 1n;
  }
  return (count % 2) as 0 | 1;
}


describe('parity.solve', () => {
  it('agrees with a popcount on random strings of lengths 1..300', () => {
    const random = seededRandom(11);
    for (let n = 1; n <= 300; n++) {
      const x = parity.random(n, random);
      expect(x.bits).toMatch(/^[01]+$/);
      expect(x.bits).toHaveLength(n);
      expect(parity.solve(x)).toBe(popcountParity(x.bits));
    }
  });

  it('solves hand-checked strings', () => {
    expect(parity.solve({ bits: '0' })).toBe(0);
    expect(parity.solve({ bits: '1' })).toBe(1);
    expect(parity.solve({ bits: '1011' })).toBe(1);
    expect(parity.solve({ bits: '1111' })).toBe(0);
  });

  it('random strings are roughly balanced between answers', () => {
    const random = seededRandom(12);
    let ones = 0;
    for (let k = 0; k < 400; k++) ones += parity.solve(parity.random(20, random));
    expect(ones).toBeGreaterThan(150);
    expect(ones).toBeLessThan(250);
  });
});

describe('parity lattice', () => {
  it('encodes one bit per cell', () => {
    const lattice = parity.encode({ bits: '0110' });
    expect(lattice.length).toBe(4);
    expect(Array.from(lattice.tokens)).toEqual([0, 1, 1, 0]);
    expect(lattice.initialState).toBeUndefined();
  });

  it('settles every cell to the parity of the prefix ending there', () => {
    // Symbols: 0 "?" (not known yet), 1 "0", 2 "1".
    expect(parity.stateSymbols).toEqual(['?', '0', '1']);
    expect(Array.from(parity.cellTargets!({ bits: '10110' }))).toEqual([2, 2, 1, 2, 2]);
  });

  it('waits for its left neighbour: only the front moves', () => {
    const step = (states: number[], bits: string) =>
      states.map((_, i) => parity.rule!.next([i === 0 ? -1 : Number(bits[i - 1]), Number(bits[i]), i + 1 < bits.length ? Number(bits[i + 1]) : -1], [i === 0 ? -1 : states[i - 1], states[i], i + 1 < bits.length ? states[i + 1] : -1]));
    const once = step([0, 0, 0, 0], '1011');
    expect(once).toEqual([2, 0, 0, 0]);
    expect(step(once, '1011')).toEqual([2, 2, 0, 0]);
  });

  it('reads the answer from the last cell only', () => {
    expect(parity.decode({ bits: '000' }, Uint8Array.of(1, 1, 2))).toBe(1);
    expect(parity.decode({ bits: '000' }, Uint8Array.of(2, 2, 1))).toBe(0);
  });
});

describe('parity.adversarial', () => {
  it('builds the named families at the requested length', () => {
    for (const n of [1, 2, 7, 64]) {
      const families = Object.fromEntries(parity.adversarial(n).map((f) => [f.family, f.instance.bits]));
      expect(families['all-ones']).toBe('1'.repeat(n));
      expect(families['one-at-left-end']).toBe('1' + '0'.repeat(n - 1));
      expect(families['one-at-right-end']).toBe('0'.repeat(n - 1) + '1');
      expect(parity.solve({ bits: families['all-ones'] })).toBe(n % 2);
      expect(parity.solve({ bits: families['one-at-left-end'] })).toBe(1);
      expect(parity.solve({ bits: families['one-at-right-end'] })).toBe(1);
    }
  });
});

describe('parity.parse', () => {
  it('accepts a bit string and round-trips format', () => {
    expect(parity.parse({ bits: '0101' })).toEqual({ bits: '0101' });
    expect(parity.parse(parity.format({ bits: '1' }))).toEqual({ bits: '1' });
    expect(parity.formatOutput(1)).toBe('1');
    expect(parity.formatOutput(0)).toBe('0');
  });

  it('rejects non-objects', () => {
    for (const input of [null, '0101', 101, ['0', '1']]) {
      expect(errorOf(() => parity.parse(input))).toMatch(/^expected a JSON object with a field "bits", got /);
    }
  });

  it('rejects a missing, empty or non-string field', () => {
    expect(errorOf(() => parity.parse({}))).toBe('missing field "bits"');
    expect(errorOf(() => parity.parse({ bit: '01' }))).toBe('missing field "bits"');
    expect(errorOf(() => parity.parse({ bits: '' }))).toMatch(/^field "bits" is empty/);
    expect(errorOf(() => parity.parse({ bits: 101 }))).toMatch(/^field "bits" must be a string of bits 0 and 1, got number 101$/);
  });

  it('names the bad character and its position', () => {
    expect(errorOf(() => parity.parse({ bits: '0120' }))).toBe('field "bits" must contain only bits 0 and 1; found "2" at position 2');
    expect(errorOf(() => parity.parse({ bits: 'b01' }))).toMatch(/found "b" at position 0$/);
    expect(errorOf(() => parity.parse({ bits: '01 ' }))).toMatch(/found " " at position 2$/);
  });
});
