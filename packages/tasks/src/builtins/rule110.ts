import { checkLength, countField, digitBytesField, objectInput, stringField } from '../fields.js';
import { MAX_LENGTH, MAX_ROLLOUT_STEPS } from '../limits.js';
import { randomInt } from '../random.js';
import { defineTask } from '../registry.js';
import { OUTSIDE } from '../task.js';

/** A Rule 110 instance: a row of cells and how many steps to run it. */
export interface Rule110Instance {
  readonly cells: string;
  readonly steps: number;
}

/** Rule 110's next state of a cell from its (left, centre, right) neighbourhood. */
export function rule110Cell(left: number, centre: number, right: number): number {
  return (110 >> ((left << 2) | (centre << 1) | right)) & 1;
}

/** One synchronous Rule 110 step with a null boundary: cells beyond both ends are 0. */
export function rule110Step(row: Uint8Array): Uint8Array {
  const n = row.length;
  const next = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = rule110Cell(i > 0 ? row[i - 1] : 0, row[i], i + 1 < n ? row[i + 1] : 0);
  }
  return next;
}

function toRow(cells: string): Uint8Array {
  const row = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) row[i] = cells.charCodeAt(i) - 48;
  return row;
}

function run({ cells, steps }: Rule110Instance): Uint8Array {
  let row = toRow(cells);
  for (let t = 0; t < steps; t++) row = rule110Step(row);
  return row;
}

/** Cell updates one generated rollout may cost: K = L up to width 10⁴, then fewer steps. */
export const ROLLOUT_CELL_UPDATES = 100_000_000;

/**
 * The steps K of the instances `random` and `adversarial` make at this width: K = L (a signal can
 * cross the whole row) up to width 10⁴, then ⌊10⁸ / L⌋, so a rollout stays at 10⁸ cell updates
 * (K = 100 at width 10⁶) instead of growing as L².
 */
export function rule110Steps(width: number): number {
  return width * width <= ROLLOUT_CELL_UPDATES ? width : Math.max(1, Math.floor(ROLLOUT_CELL_UPDATES / width));
}

/** Rule 110 repeats with period 14 on this background ("ether"). */
const ETHER = '00010011011111';

/**
 * Rule 110: the row after K synchronous steps, null boundary, same width. The lattice's state is the
 * row itself and every step of the automaton is one step of the rule, so the run is a rollout of
 * exactly K steps rather than a relaxation.
 */
export const rule110 = defineTask<Rule110Instance, string>({
  id: 'rule110',
  description: 'the row after K synchronous Rule 110 steps with cells beyond both ends fixed at 0',
  dynamics: 'rollout',
  // Every cell is alike; the state carries the row.
  inputAlphabet: [[1]],
  stateSymbols: ['0', '1'],
  readout: 'all',
  rule: {
    radius: 1,
    next(_tokens, states) {
      const at = (k: number) => (states[k] === OUTSIDE ? 0 : states[k]);
      return rule110Cell(at(0), at(1), at(2));
    },
  },
  recipe: {
    regime: 'chaos',
    model: { channels: 2, embedding: 2, hidden: 4, radius: 1 },
    trainLengths: [1, 16],
    validationLengths: [64, 200],
    // K = L up to width 10⁴ (10⁸ cell updates), then K = 10⁸ / L: 100 steps at width 10⁶.
    sweepLengths: [16, 64, 256, 1024, 4096, 10_000, 1_000_000],
    learningRate: 2e-2,
    batchSize: 64,
    maxIterations: 4000,
  },
  encode(instance) {
    const length = instance.cells.length;
    return { length, tokens: new Uint8Array(length), initialState: toRow(instance.cells), steps: instance.steps };
  },
  decode: (_instance, states) => Array.from(states, (s) => (s ? '1' : '0')).join(''),
  cellTargets: run,
  solve: (instance) => Array.from(run(instance), (s) => (s ? '1' : '0')).join(''),
  equal: (x, y) => x === y,
  random(length, random) {
    let cells = '';
    for (let i = 0; i < length; i++) cells += randomInt(random, 0, 1);
    return { cells, steps: rule110Steps(length) };
  },
  adversarial(length) {
    const n = Math.max(1, length);
    const steps = rule110Steps(n);
    return [
      { family: 'single-cell-right', instance: { cells: '0'.repeat(n - 1) + '1', steps } },
      { family: 'all-ones', instance: { cells: '1'.repeat(n), steps } },
      { family: 'ether', instance: { cells: ETHER.repeat(Math.ceil(n / ETHER.length)).slice(0, n), steps } },
      { family: 'all-zeros', instance: { cells: '0'.repeat(n), steps } },
    ];
  },
  lengthOf: ({ cells }) => cells.length,
  parse(input) {
    const obj = objectInput(input, 'fields "cells" and "steps"');
    const cells = stringField(obj, 'cells', '01', 'cells 0 and 1');
    checkLength('cells', cells.length, MAX_LENGTH);
    return { cells, steps: countField(obj, 'steps', MAX_ROLLOUT_STEPS) };
  },
  format: ({ cells, steps }) => ({ cells, steps }),
  formatOutput: (row) => row,
  encodeBytes(input) {
    const obj = objectInput(input, 'fields "cells" and "steps"');
    const cells = digitBytesField(obj, 'cells', '1', 'cells 0 and 1');
    checkLength('cells', cells.length, MAX_LENGTH);
    const steps = countField(obj, 'steps', MAX_ROLLOUT_STEPS);
    const initialState = new Uint8Array(cells.length);
    for (let i = 0; i < cells.length; i++) initialState[i] = cells[i] - 48;
    return { length: cells.length, tokens: new Uint8Array(cells.length), initialState, steps };
  },
  *decodeBytes(_lattice, states) {
    for (let start = 0; start < states.length; start += 1 << 16) {
      const piece = states.slice(start, start + (1 << 16));
      for (let k = 0; k < piece.length; k++) piece[k] = piece[k] ? 49 : 48;
      yield piece;
    }
  },
});
