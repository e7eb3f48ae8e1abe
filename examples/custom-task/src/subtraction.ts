import {
  checkLength,
  defineTask,
  MAX_LENGTH,
  objectInput,
  OUTSIDE,
  randomInt,
  stringField,
  TaskInputError,
} from '@sead/tasks';

/** Two non-negative decimal integers as digit strings, a ≥ b (leading zeros allowed). */
export interface SubtractionInstance {
  readonly a: string;
  readonly b: string;
}

/** Digit pairs as tokens: token 10·a + b, described by the features [1, a/9, b/9]. */
const digitPairs: number[][] = [];
for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) digitPairs.push([1, a / 9, b / 9]);

/** Digit `i` counted from the least significant end, 0 past the most significant digit. */
function digitAt(s: string, i: number): number {
  const k = s.length - 1 - i;
  return k >= 0 ? s.charCodeAt(k) - 48 : 0;
}

/** Digit characters (most significant first) without leading zeros; "0" when they are all zero. */
function withoutLeadingZeros(digits: Uint8Array): string {
  let start = 0;
  while (start < digits.length - 1 && digits[start] === 48) start++;
  return new TextDecoder().decode(digits.subarray(start));
}

/** Sign of a − b for digit strings, ignoring leading zeros: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = a.replace(/^0+(?=.)/, '');
  const y = b.replace(/^0+(?=.)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * a − b by the schoolbook method, written without the automaton's notion of a borrow per cell so
 * that it can check it. Throws when b > a: the difference would be negative.
 */
export function subtractDecimal(a: string, b: string): string {
  const n = Math.max(a.length, b.length);
  const out = new Uint8Array(n);
  let borrow = 0;
  for (let i = 0; i < n; i++) {
    let d = digitAt(a, i) - digitAt(b, i) - borrow;
    borrow = 0;
    if (d < 0) {
      d += 10;
      borrow = 1;
    }
    out[n - 1 - i] = 48 + d;
  }
  if (borrow) throw new RangeError(`subtractDecimal: ${a} − ${b} is negative`);
  return withoutLeadingZeros(out);
}

/** A digit string of `n` digits that are all `d`, handy for the adversarial families. */
const repeat = (d: number | string, n: number): string => String(d).repeat(Math.max(0, n));

/**
 * Subtraction with borrow. Cell i holds the i-th digit pair from the least significant end. The
 * lattice settles to every cell's borrow-out, the only non-local part of the algorithm: a borrow
 * moves one cell per step, so random differences settle in a few steps and 10…0 − 1 takes L.
 * Each digit is then read locally as (a_i − b_i − borrow-in) mod 10. Since a ≥ b, the top cell never
 * borrows, so unlike addition no extra cell is needed for an overflow.
 */
export const subtraction = defineTask<SubtractionInstance, string>({
  id: 'subtraction',
  description: 'difference a − b of two decimal integers with a ≥ b; every cell settles to its borrow-out',
  dynamics: 'fixed-point',
  inputAlphabet: digitPairs,
  stateSymbols: ['no-borrow', 'borrow'],
  readout: 'all',
  rule: {
    radius: 1,
    // A cell borrows when its digit of a cannot pay for its digit of b plus the borrow taken from
    // it by its less significant neighbour, cell i − 1, which sits at index 0 of the neighbourhood.
    // Nothing lies below the least significant digit, so OUTSIDE there means no borrow.
    next(tokens, states) {
      const borrowIn = states[0] === OUTSIDE ? 0 : states[0];
      const token = tokens[1];
      return Math.floor(token / 10) - (token % 10) - borrowIn < 0 ? 1 : 0;
    },
  },
  recipe: {
    regime: 'chaos',
    model: { channels: 2, embedding: 2, hidden: 4, radius: 1 },
    trainLengths: [4, 16],
    validationLengths: [64, 256],
    learningRate: 2e-2,
    batchSize: 64,
    maxIterations: 4000,
  },
  encode({ a, b }) {
    const length = Math.max(a.length, b.length);
    const tokens = new Uint8Array(length);
    for (let i = 0; i < length; i++) tokens[i] = 10 * digitAt(a, i) + digitAt(b, i);
    return { length, tokens };
  },
  decode({ a, b }, borrows) {
    const n = borrows.length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const borrowIn = i > 0 ? borrows[i - 1] : 0;
      out[n - 1 - i] = 48 + ((digitAt(a, i) - digitAt(b, i) - borrowIn + 10) % 10);
    }
    return withoutLeadingZeros(out);
  },
  cellTargets({ a, b }) {
    const length = Math.max(a.length, b.length);
    const borrows = new Uint8Array(length);
    let borrow = 0;
    for (let i = 0; i < length; i++) borrows[i] = borrow = digitAt(a, i) - digitAt(b, i) - borrow < 0 ? 1 : 0;
    return borrows;
  },
  solve: ({ a, b }) => subtractDecimal(a, b),
  equal: (x, y) => x === y,
  random(length, random) {
    let a = '';
    let b = '';
    for (let i = 0; i < length; i++) {
      a += randomInt(random, 0, 9);
      b += randomInt(random, 0, 9);
    }
    // Two uniform numbers, larger first: every pair with a > b is equally likely (a = b half as likely).
    return compareDecimal(a, b) < 0 ? { a: b, b: a } : { a, b };
  },
  adversarial(length) {
    const n = Math.max(2, length);
    // A borrow born a quarter of the way up, carried through equal digit pairs (each of which then
    // has to borrow too), and paid off by a 5 − 0 three quarters of the way up.
    const born = Math.floor(n / 4);
    const paid = n - 1 - born;
    let chainA = '';
    let chainB = '';
    for (let i = n - 1; i >= 0; i--) {
      const [x, y] = i < born ? [7, 2] : i === born ? [0, 1] : i < paid ? [i % 10, i % 10] : i === paid ? [5, 0] : [3, 3];
      chainA += x;
      chainB += y;
    }
    let same = '';
    for (let i = 0; i < n; i++) same += (7 * i + 3) % 10;
    return [
      { family: 'power-minus-one', instance: { a: '1' + repeat(0, n - 1), b: '1' } },
      { family: 'power-minus-nines', instance: { a: '1' + repeat(0, n - 1), b: repeat(9, n - 1) } },
      { family: 'equal-numbers', instance: { a: same, b: same } },
      { family: 'middle-borrow-chain', instance: { a: chainA, b: chainB } },
      { family: 'uneven-lengths', instance: { a: '5' + repeat(0, n - 2) + '3', b: '7' } },
      { family: 'leading-zeros', instance: { a: repeat(0, n - 1) + '1', b: repeat(0, n) } },
    ];
  },
  lengthOf: ({ a, b }) => Math.max(a.length, b.length),
  parse(input) {
    const obj = objectInput(input, 'fields "a" and "b"');
    const field = (name: 'a' | 'b'): string => {
      const value = obj[name];
      if (typeof value === 'number') {
        if (!Number.isSafeInteger(value) || value < 0) {
          throw new TaskInputError(`field "${name}" must be a non-negative integer; give large numbers as strings of digits`);
        }
        return String(value);
      }
      const digits = stringField(obj, name, '0-9', 'decimal digits');
      checkLength(name, digits.length, MAX_LENGTH);
      return digits;
    };
    const a = field('a');
    const b = field('b');
    if (compareDecimal(a, b) < 0) {
      throw new TaskInputError('field "a" must be at least field "b": this task computes a − b without negative answers');
    }
    return { a, b };
  },
  format: ({ a, b }) => ({ a, b }),
  formatOutput: (difference) => difference,
});

/** A plugin module's default export is the task it adds: `sead --plugin <this file> --task subtraction`. */
export default subtraction;
