import { TaskInputError } from '../task.js';
import { asciiBytes, checkLength, digitBytesField, objectInput, stringField } from '../fields.js';
import { MAX_LENGTH } from '../limits.js';
import { randomInt } from '../random.js';
import { defineTask } from '../registry.js';
import { OUTSIDE, type Lattice } from '../task.js';

/** Two non-negative decimal integers, as digit strings (leading zeros allowed). */
export interface AdditionInstance {
  readonly a: string;
  readonly b: string;
}

/** Digit pairs as tokens: token 10·a + b, described by the features [1, a/9, b/9]. */
const digitPairs: number[][] = [];
for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) digitPairs.push([1, a / 9, b / 9]);
/** The same tokens by their digit sum alone, [1, (a + b)/18]: all the carry depends on. */
const digitSums: number[][] = [];
for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) digitSums.push([1, (a + b) / 18]);
/** The same tokens with no arithmetic given: each digit one-hot, 20 features. */
const oneHotDigits: number[][] = [];
for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) oneHotDigits.push(Array.from({ length: 20 }, (_, f) => (f === a || f === 10 + b ? 1 : 0)));

/** Digit `i` counted from the least significant end, 0 past the most significant digit. */
function digitAt(s: string, i: number): number {
  const k = s.length - 1 - i;
  return k >= 0 ? s.charCodeAt(k) - 48 : 0;
}

/** A field given as a JSON number: its digits, or undefined when it is not a number. */
function numberDigits(obj: Record<string, unknown>, name: string): string | undefined {
  const value = obj[name];
  if (typeof value !== 'number') return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TaskInputError(`field "${name}" must be a non-negative integer; give large numbers as strings of digits`);
  }
  return String(value);
}

/** Cell i holds the digit pair 10·a_i + b_i, least significant first, plus one cell for the last carry. */
function pairLattice(a: Uint8Array, b: Uint8Array): Lattice {
  const length = Math.max(a.length, b.length) + 1;
  const tokens = new Uint8Array(length);
  const la = a.length;
  const lb = b.length;
  for (let i = 0; i < la; i++) tokens[i] = 10 * (a[la - 1 - i] - 48);
  for (let i = 0; i < lb; i++) tokens[i] += b[lb - 1 - i] - 48;
  return { length, tokens };
}

/** a + b of the digit pair 10·a + b, and the digit of a sum up to 19. */
const PAIR_SUM = Uint8Array.from({ length: 100 }, (_, t) => Math.floor(t / 10) + (t % 10));
const DIGIT_OF = Uint8Array.from({ length: 20 }, (_, s) => s % 10);

/** Output pieces of at most this many digits. */
const PIECE = 1 << 16;

/** The sum of two digit strings by the schoolbook method, no leading zeros. */
export function addDecimal(a: string, b: string): string {
  const n = Math.max(a.length, b.length);
  const out = new Uint8Array(n + 1);
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const s = digitAt(a, i) + digitAt(b, i) + carry;
    out[n - i] = 48 + (s % 10);
    carry = s >= 10 ? 1 : 0;
  }
  out[0] = 48 + carry;
  let start = 0;
  while (start < n && out[start] === 48) start++;
  return new TextDecoder().decode(out.subarray(start));
}

/**
 * Addition. Cell i holds the i-th digit pair from the least significant end, plus one cell for the
 * final carry. The lattice computes every cell's carry-out, the only non-local part of the algorithm:
 * a carry moves one cell per step, so random sums settle in a few steps and 99…9 + 1 takes L. Each
 * digit is then read locally as (a_i + b_i + carry-in) mod 10.
 */
export const addition = defineTask<AdditionInstance, string>({
  id: 'addition',
  description: 'sum of two decimal integers of any lengths; every cell settles to its carry-out',
  dynamics: 'fixed-point',
  inputAlphabet: digitPairs,
  inputFeatures: { 'digit-sum': digitSums, 'one-hot': oneHotDigits },
  stateSymbols: ['no-carry', 'carry'],
  readout: 'all',
  rule: {
    radius: 1,
    next(tokens, states) {
      const carryIn = states[0] === OUTSIDE ? 0 : states[0];
      const token = tokens[1];
      return Math.floor(token / 10) + (token % 10) + carryIn >= 10 ? 1 : 0;
    },
  },
  recipe: {
    regime: 'chaos',
    model: { channels: 2, embedding: 2, hidden: 4, radius: 1 },
    trainLengths: [1, 16],
    validationLengths: [64, 256],
    sweepLengths: [16, 64, 256, 1024, 4096, 65_536, 1_000_000],
    learningRate: 2e-2,
    batchSize: 64,
    maxIterations: 4000,
  },
  // The last cell holds the carry-out, beside the digit pair (0, 0): no other token ends a lattice.
  tokenWindowOccurs(window) {
    for (let k = 0; k + 1 < window.length; k++) if (window[k + 1] === OUTSIDE && window[k] !== OUTSIDE && window[k] !== 0) return false;
    return true;
  },
  encode({ a, b }) {
    const length = Math.max(a.length, b.length) + 1;
    const tokens = new Uint8Array(length);
    for (let i = 0; i < length; i++) tokens[i] = 10 * digitAt(a, i) + digitAt(b, i);
    return { length, tokens };
  },
  decode({ a, b }, carries) {
    const n = carries.length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const carryIn = i > 0 ? carries[i - 1] : 0;
      out[n - 1 - i] = 48 + ((digitAt(a, i) + digitAt(b, i) + carryIn) % 10);
    }
    let start = 0;
    while (start < n - 1 && out[start] === 48) start++;
    return new TextDecoder().decode(out.subarray(start));
  },
  cellTargets({ a, b }) {
    const length = Math.max(a.length, b.length) + 1;
    const carries = new Uint8Array(length);
    let carry = 0;
    for (let i = 0; i < length; i++) carries[i] = carry = digitAt(a, i) + digitAt(b, i) + carry >= 10 ? 1 : 0;
    return carries;
  },
  solve: ({ a, b }) => addDecimal(a, b),
  equal: (x, y) => x === y,
  random(length, random) {
    let a = '';
    let b = '';
    for (let i = 0; i < length; i++) {
      a += randomInt(random, 0, 9);
      b += randomInt(random, 0, 9);
    }
    return { a, b };
  },
  adversarial(length) {
    const n = Math.max(2, length);
    let chainA = '';
    let chainB = '';
    // Digit pairs that all sum to 9 above a lowest pair that generates a carry: one carry crosses it all.
    for (let i = n - 1; i >= 1; i--) {
      chainA += i % 10;
      chainB += 9 - (i % 10);
    }
    return [
      { family: 'nines-plus-one', instance: { a: '9'.repeat(n), b: '1' } },
      { family: 'one-plus-nines', instance: { a: '1', b: '9'.repeat(n) } },
      { family: 'nines-plus-nines', instance: { a: '9'.repeat(n), b: '9'.repeat(n) } },
      { family: 'carry-chain', instance: { a: chainA + '5', b: chainB + '5' } },
      { family: 'uneven-lengths', instance: { a: '5' + '0'.repeat(n - 2) + '7', b: '46' } },
      { family: 'leading-zeros', instance: { a: '0'.repeat(n - 1) + '9', b: '0'.repeat(n) } },
    ];
  },
  lengthOf: ({ a, b }) => Math.max(a.length, b.length),
  parse(input) {
    const obj = objectInput(input, 'fields "a" and "b"');
    const field = (name: 'a' | 'b'): string => {
      const number = numberDigits(obj, name);
      if (number !== undefined) return number;
      const digits = stringField(obj, name, '0-9', 'decimal digits');
      checkLength(name, digits.length, MAX_LENGTH - 1);
      return digits;
    };
    return { a: field('a'), b: field('b') };
  },
  format: ({ a, b }) => ({ a, b }),
  formatOutput: (sum) => sum,
  encodeBytes(input) {
    const obj = objectInput(input, 'fields "a" and "b"');
    const field = (name: 'a' | 'b'): Uint8Array => {
      const number = numberDigits(obj, name);
      if (number !== undefined) return asciiBytes(number);
      const digits = digitBytesField(obj, name, '9', 'decimal digits');
      checkLength(name, digits.length, MAX_LENGTH - 1);
      return digits;
    };
    const a = field('a');
    return pairLattice(a, field('b'));
  },
  // decode's digits, from the lattice's digit pairs: (a_i + b_i + carry-in) mod 10, most significant first.
  *decodeBytes({ tokens }, carries) {
    const digit = (i: number) => DIGIT_OF[PAIR_SUM[tokens[i]] + (i > 0 ? carries[i - 1] : 0)];
    let top = carries.length - 1;
    while (top > 0 && digit(top) === 0) top--;
    for (let high = top; high >= 0; high -= PIECE) {
      const piece = new Uint8Array(Math.min(PIECE, high + 1));
      for (let k = 0; k < piece.length; k++) piece[k] = 48 + digit(high - k);
      yield piece;
    }
  },
});
