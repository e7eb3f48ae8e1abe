import { asciiBytes, asciiText, digitBytesField, objectInput, stringField } from '../fields.js';
import { MAX_LENGTH } from '../limits.js';
import { randomInt, seededRandom } from '../random.js';
import { defineTask } from '../registry.js';
import { OUTSIDE, TaskInputError, type Lattice, type Random } from '../task.js';
import { latticeGrid, windowOffsets } from '../window.js';

/** Two non-negative binary integers, most significant bit first (leading zeros allowed). */
export interface MultiplicationInstance {
  readonly a: string;
  readonly b: string;
}

/**
 * A cell starts undecided ("_") and settles once, to the total t = x + s_in + c_in (0 to 3) of its
 * three addends: symbol 1 + t, read as the sum bit t mod 2 and the carry t div 2. The names say
 * both: "0" and "1" are the sum bit, "0c" and "1c" the sum bit with a carry.
 */
const UNDECIDED = 0;
const STATE_SYMBOLS = ['_', '0', '1', '0c', '1c'];
/** Sum bit and carry of each state symbol; an undecided cell reads as 0 and 0. */
const SUM_BIT = Uint8Array.of(0, 0, 1, 0, 1);
const CARRY = Uint8Array.of(0, 0, 0, 1, 1);

/** A neighbour's sum bit or carry, 0 beyond the edge. */
const sumOf = (state: number) => (state === OUTSIDE ? 0 : SUM_BIT[state]);
const carryOf = (state: number) => (state === OUTSIDE ? 0 : CARRY[state]);

/** Where the rule's neighbours sit in a 3 × 3 window (`windowOffsets` order; dy counts rows down). */
const WINDOW = windowOffsets(2, 1);
const position = (dy: number, dx: number) => WINDOW.findIndex(([y, x]) => y === dy && x === dx);
const CENTRE = position(0, 0);
const LEFT = position(0, -1);
const RIGHT = position(0, 1);
const BELOW = position(1, 0);
const BELOW_LEFT = position(1, -1);

const BITS = 'bits 0 and 1';
/** Output pieces of at most this many bits. */
const PIECE = 1 << 16;

/** The value of a bit string, most significant bit first; the empty string is 0. */
const binaryValue = (bits: string): bigint => (bits === '' ? 0n : BigInt(`0b${bits}`));

/**
 * The product of two bit strings by the schoolbook method, without BigInt: every 1 bit of `a` adds
 * `b`, shifted to its weight, into the product. O(|a|·|b|) bit operations; no leading zeros ("0"
 * for zero).
 */
export function multiplyBinary(a: string, b: string): string {
  const na = a.length;
  const nb = b.length;
  // Bit k of the product has weight 2^k: least significant first.
  const product = new Uint8Array(na + nb);
  for (let p = 0; p < na; p++) {
    if (a.charCodeAt(na - 1 - p) !== 49) continue;
    let carry = 0;
    for (let q = 0; q < nb; q++) {
      const t = product[p + q] + (b.charCodeAt(nb - 1 - q) - 48) + carry;
      product[p + q] = t & 1;
      carry = t >> 1;
    }
    // The partial sum stays below 2^(p + 1 + nb), so this carry ends inside the product.
    for (let k = p + nb; carry; k++) {
      const t = product[k] + carry;
      product[k] = t & 1;
      carry = t >> 1;
    }
  }
  let top = product.length - 1;
  while (top > 0 && product[top] === 0) top--;
  let digits = '';
  for (let k = top; k >= 0; k--) digits += product[k];
  return digits || '0';
}

/** Refuses operands whose grid would hold more than `MAX_LENGTH` cells, before any is allocated. */
function checkCells(rows: number, columns: number): void {
  if (rows * columns > MAX_LENGTH) {
    throw new TaskInputError(`fields "a" and "b" have ${rows} and ${columns} bits, a grid of ${rows * columns} cells; at most ${MAX_LENGTH} cells are supported`);
  }
}

/** The outer product of two bit strings given as ASCII bytes: cell (i, j) holds a_i · b_j. */
function outerProduct(a: Uint8Array, b: Uint8Array): Lattice {
  const rows = a.length;
  const columns = b.length;
  const bRow = b.map((c) => c - 48);
  const tokens = new Uint8Array(rows * columns);
  // A row of a 0 bit stays all zeros; a row of a 1 bit is b.
  for (let i = 0; i < rows; i++) if (a[i] === 49) tokens.set(bRow, i * columns);
  return { length: rows * columns, columns, tokens };
}

/**
 * The product's bits as ASCII, most significant first without leading zeros, read from a grid of
 * `rows` × `columns` settled cells: the top-left cell's carry (bit rows + columns − 1), the sum bits
 * of the top row from left to right (bits rows + columns − 2 down to rows − 1), then those of the
 * right column from row 1 down (bits rows − 2 down to 0).
 */
function productDigits(states: Uint8Array, rows: number, columns: number): Uint8Array {
  const digits = new Uint8Array(rows + columns);
  digits[0] = 48 + CARRY[states[0]];
  for (let j = 0; j < columns; j++) digits[1 + j] = 48 + SUM_BIT[states[j]];
  for (let i = 1; i < rows; i++) digits[columns + i] = 48 + SUM_BIT[states[i * columns + columns - 1]];
  let start = 0;
  while (start < digits.length - 1 && digits[start] === 48) start++;
  return digits.subarray(start);
}

/**
 * Whether the rows (or columns) of a window that lie beyond the lattice's edge reach in from the
 * window's ends: beyond the edge, every row further from the centre is beyond it too.
 */
function reachesFromEnds(outside: readonly boolean[]): boolean {
  const middle = (outside.length - 1) / 2;
  for (let k = 1; k < middle; k++) {
    if (outside[middle - k] && !outside[middle - k - 1]) return false;
    if (outside[middle + k] && !outside[middle + k + 1]) return false;
  }
  return true;
}

/** `n` uniformly random bits. */
function randomBits(n: number, random: Random): string {
  let bits = '';
  for (let i = 0; i < n; i++) bits += randomInt(random, 0, 1);
  return bits;
}

/**
 * Long multiplication of two binary integers on their outer-product grid, as in Mirage (arXiv
 * 2603.29069): row i holds a's bit i, column j b's bit j (both most significant first), and cell
 * (i, j) the partial product a_i · b_j, of weight p + q where p = rows − 1 − i and q = columns − 1 − j.
 *
 * The rule lays an array multiplier on the grid. A row adds its partial products to what the row
 * below hands up, with the carry rippling leftwards: each cell adds its partial product, the carry
 * of its right neighbour (weight p + q − 1) and the row below's sum bit of its own weight, which sits
 * below-left; at the left edge, where the row below has no cell of that weight, it takes the row
 * below's carry-out, straight below. The bottom row adds nothing from below. A cell waits ("_")
 * until the cells it reads have settled, then settles once, never to change.
 *
 * The bottom row settles from the right, one cell per step; each row above starts two steps later,
 * waiting for the sum bit below-left. Cell (p, q) settles at step 2p + q + 1 when there are at least
 * two columns (p + 1 in a single column): the last, top-left, at step 2·rows + columns − 2 (rows in a
 * single column), and a run sees nothing change one step later. Each row's right cell then holds a
 * final product bit, and the top row the highest ones.
 */
export const multiplication = defineTask<MultiplicationInstance, string>({
  id: 'multiplication',
  description: 'product of two binary integers of any lengths on their outer-product grid; every cell settles to the sum bit and carry of a full adder',
  dynamics: 'fixed-point',
  dimensions: 2,
  // One-hot partial products: the embedding costs 2·E parameters.
  inputAlphabet: [
    [1, 0],
    [0, 1],
  ],
  // The partial product as one number: E parameters fewer.
  inputFeatures: { bit: [[0], [1]] },
  stateSymbols: STATE_SYMBOLS,
  readout: 'all',
  rule: {
    radius: 1,
    // A function of the cell's token and three neighbours' states, never its own state, reading a
    // neighbour beyond the edge as 0: every window has an answer, even one no run meets.
    next(tokens, states) {
      const right = states[RIGHT];
      const below = states[BELOW];
      const atLeftEdge = states[LEFT] === OUTSIDE;
      // What the row below hands up: its sum bit of this weight, or at the left edge its carry-out.
      const handedUp = atLeftEdge ? below : states[BELOW_LEFT];
      if (right === UNDECIDED || (below !== OUTSIDE && handedUp === UNDECIDED)) return UNDECIDED;
      const sumIn = below === OUTSIDE ? 0 : atLeftEdge ? carryOf(handedUp) : sumOf(handedUp);
      return 1 + tokens[CENTRE] + sumIn + carryOf(right);
    },
  },
  recipe: {
    regime: 'chaos',
    // With a 3 × 3 W_1, We 2·2 + Ws 5·2 + W1 9·4·6 + b1 6 + W2 6·6 + b2 6 + Wh 6·5 + bh 5 = 313
    // parameters, under Mirage's 321.
    model: { channels: 5, embedding: 2, hidden: 6, radius: 1 },
    // Operands of at most 6 bits, as Mirage trains.
    trainLengths: [1, 6],
    validationLengths: [8, 16, 32],
    sweepLengths: [16, 64, 256, 1024],
    learningRate: 2e-2,
    batchSize: 64,
    maxIterations: 4000,
  },
  /**
   * The tokens of a window are a patch of the outer product a·bᵀ: the positions beyond the edge
   * fill whole rows and whole columns of the window, reaching out from an edge (never the centre's
   * row or column), and inside, the ones form a rectangle: the rows holding a one × the columns
   * holding a one (a 0/1 matrix of rank at most 1 is exactly that). Every such patch occurs: a
   * taken as its rows, b as its columns.
   */
  tokenWindowOccurs(window) {
    const side = Math.round(Math.sqrt(window.length));
    const middle = (side - 1) / 2;
    if (side * side !== window.length || side % 2 !== 1 || window[middle * side + middle] === OUTSIDE) return false;
    const rowOutside = Array.from({ length: side }, (_, y) => window[y * side + middle] === OUTSIDE);
    const columnOutside = Array.from({ length: side }, (_, x) => window[middle * side + x] === OUTSIDE);
    if (!reachesFromEnds(rowOutside) || !reachesFromEnds(columnOutside)) return false;
    const rowHasOne = new Array<boolean>(side).fill(false);
    const columnHasOne = new Array<boolean>(side).fill(false);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const token = window[y * side + x];
        if ((token === OUTSIDE) !== (rowOutside[y] || columnOutside[x])) return false;
        if (token === OUTSIDE) continue;
        if (token !== 0 && token !== 1) return false;
        if (token === 1) rowHasOne[y] = columnHasOne[x] = true;
      }
    }
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const token = window[y * side + x];
        if (token !== OUTSIDE && (token === 1) !== (rowHasOne[y] && columnHasOne[x])) return false;
      }
    }
    return true;
  },
  encode: ({ a, b }) => outerProduct(asciiBytes(a), asciiBytes(b)),
  decode: ({ a, b }, states) => asciiText(productDigits(states, a.length, b.length)),
  // The rule's fixed point without iterating the rule: row by row from the bottom, each row from the right.
  cellTargets({ a, b }) {
    const rows = a.length;
    const columns = b.length;
    const states = new Uint8Array(rows * columns);
    for (let i = rows - 1; i >= 0; i--) {
      const ai = a.charCodeAt(i) - 48;
      let carry = 0;
      for (let j = columns - 1; j >= 0; j--) {
        const cell = i * columns + j;
        const below = cell + columns;
        const sumIn = i === rows - 1 ? 0 : j === 0 ? CARRY[states[below]] : SUM_BIT[states[below - 1]];
        const total = (ai & (b.charCodeAt(j) - 48)) + sumIn + carry;
        states[cell] = 1 + total;
        carry = total >> 1;
      }
    }
    return states;
  },
  solve: ({ a, b }) => (binaryValue(a) * binaryValue(b)).toString(2),
  equal: (x, y) => x === y,
  random: (length, random) => ({ a: randomBits(length, random), b: randomBits(length, random) }),
  adversarial(length) {
    const n = Math.max(2, length);
    // Operands that look random but are the same at every call: seeded by the length.
    const random = seededRandom(n);
    const x = '1' + randomBits(n - 1, random);
    const short = '1' + randomBits(Math.ceil(n / 8) - 1, random);
    const ones = '1'.repeat(n);
    const paddedTwo = '0'.repeat(n - 2) + '10';
    const alternating = (pair: string) => pair.repeat(Math.ceil(n / 2)).slice(0, n);
    return [
      { family: 'ones-times-ones', instance: { a: ones, b: ones } },
      { family: 'one-times-x', instance: { a: '1', b: x } },
      { family: 'x-times-one', instance: { a: x, b: '1' } },
      { family: 'power-of-two-times-ones', instance: { a: '1' + '0'.repeat(n - 1), b: ones } },
      { family: 'zero-times-x', instance: { a: '0'.repeat(n), b: x } },
      // 2 × 2 padded with leading zeros: the product the Neural GPU got wrong.
      { family: 'padded-two-times-two', instance: { a: paddedTwo, b: paddedTwo } },
      { family: 'long-times-short', instance: { a: x, b: short } },
      { family: 'short-times-long', instance: { a: short, b: x } },
      { family: 'alternating', instance: { a: alternating('10'), b: alternating('01') } },
    ];
  },
  lengthOf: ({ a, b }) => Math.max(a.length, b.length),
  parse(input) {
    const obj = objectInput(input, 'fields "a" and "b"');
    const a = stringField(obj, 'a', '01', BITS);
    const b = stringField(obj, 'b', '01', BITS);
    checkCells(a.length, b.length);
    return { a, b };
  },
  format: ({ a, b }) => ({ a, b }),
  formatOutput: (product) => product,
  encodeBytes(input) {
    const obj = objectInput(input, 'fields "a" and "b"');
    const a = digitBytesField(obj, 'a', '1', BITS);
    const b = digitBytesField(obj, 'b', '1', BITS);
    checkCells(a.length, b.length);
    return outerProduct(a, b);
  },
  *decodeBytes(lattice, states) {
    const { rows, columns } = latticeGrid(lattice);
    const digits = productDigits(states, rows, columns);
    for (let start = 0; start < digits.length; start += PIECE) yield digits.subarray(start, start + PIECE);
  },
});
