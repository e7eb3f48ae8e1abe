import { checkLength, digitBytesField, objectInput, stringField } from '../fields.js';
import { MAX_LENGTH } from '../limits.js';
import { randomInt } from '../random.js';
import { defineTask } from '../registry.js';
import { OUTSIDE } from '../task.js';

/** State symbol 0: the cell does not know its prefix parity yet. */
const UNKNOWN = 0;

/** A parity instance: a string of bits. */
export interface ParityInstance {
  readonly bits: string;
}

/**
 * Parity: the XOR of all bits. Cell i settles to the parity of bits 0..i, so the answer travels
 * rightwards one cell per step (the light cone) and is read from the last cell. A cell starts as
 * "?" (not known yet) and stays so until its left neighbour knows: only the front moves, so an
 * event-driven engine does O(L) work where guessing a value and correcting it would cost O(L²).
 */
export const parity = defineTask<ParityInstance, 0 | 1>({
  id: 'parity',
  description: 'XOR of a bit string; read from the last cell, which settles after a light cone of L steps',
  dynamics: 'fixed-point',
  // One-hot bits: the embedding costs 2·E parameters.
  inputAlphabet: [
    [1, 0],
    [0, 1],
  ],
  // The bit as one number: E parameters fewer (bit 0 embeds to zeros).
  inputFeatures: { bit: [[0], [1]] },
  stateSymbols: ['?', '0', '1'],
  readout: { cell: -1 },
  rule: {
    radius: 1,
    // Prefix parity: the first cell's is its bit; the others' is the left neighbour's XOR the bit,
    // once the left neighbour knows it.
    next(tokens, states) {
      if (states[0] === OUTSIDE) return 1 + tokens[1];
      return states[0] === UNKNOWN ? UNKNOWN : 1 + ((states[0] - 1) ^ tokens[1]);
    },
  },
  recipe: {
    regime: 'chaos',
    model: { channels: 3, embedding: 2, hidden: 4, radius: 1 },
    trainLengths: [1, 16],
    validationLengths: [64, 256],
    sweepLengths: [16, 64, 256, 1024, 4096, 65_536, 1_000_000],
    learningRate: 2e-2,
    batchSize: 64,
    maxIterations: 4000,
  },
  encode({ bits }) {
    const tokens = new Uint8Array(bits.length);
    for (let i = 0; i < bits.length; i++) tokens[i] = bits.charCodeAt(i) - 48;
    return { length: bits.length, tokens };
  },
  decode(_instance, states) {
    return states[states.length - 1] === 2 ? 1 : 0;
  },
  cellTargets({ bits }) {
    const targets = new Uint8Array(bits.length);
    let p = 0;
    for (let i = 0; i < bits.length; i++) targets[i] = 1 + (p ^= bits.charCodeAt(i) - 48);
    return targets;
  },
  solve({ bits }) {
    let ones = 0;
    for (let i = 0; i < bits.length; i++) ones += bits.charCodeAt(i) - 48;
    return (ones & 1) as 0 | 1;
  },
  equal: (a, b) => a === b,
  random(length, random) {
    let bits = '';
    for (let i = 0; i < length; i++) bits += randomInt(random, 0, 1);
    return { bits };
  },
  adversarial(length) {
    const n = Math.max(1, length);
    return [
      { family: 'all-ones', instance: { bits: '1'.repeat(n) } },
      { family: 'one-at-left-end', instance: { bits: '1' + '0'.repeat(n - 1) } },
      { family: 'one-at-right-end', instance: { bits: '0'.repeat(n - 1) + '1' } },
      { family: 'all-zeros', instance: { bits: '0'.repeat(n) } },
    ];
  },
  lengthOf: ({ bits }) => bits.length,
  parse(input) {
    const bits = stringField(objectInput(input, 'a field "bits"'), 'bits', '01', 'bits 0 and 1');
    checkLength('bits', bits.length, MAX_LENGTH);
    return { bits };
  },
  format: ({ bits }) => ({ bits }),
  formatOutput: (bit) => String(bit),
  encodeBytes(input) {
    const bits = digitBytesField(objectInput(input, 'a field "bits"'), 'bits', '1', 'bits 0 and 1');
    checkLength('bits', bits.length, MAX_LENGTH);
    const tokens = new Uint8Array(bits.length);
    for (let i = 0; i < bits.length; i++) tokens[i] = bits[i] - 48;
    return { length: bits.length, tokens };
  },
  *decodeBytes(_lattice, states) {
    yield Uint8Array.of(states[states.length - 1] === 2 ? 49 : 48);
  },
});
