import { describeValue } from './describe.js';
import { MAX_LENGTH, MAX_ROLLOUT_STEPS } from './limits.js';
import { OUTSIDE, TaskContractError, type Lattice, type Task } from './task.js';
import { neighbourCells, windowOffsets } from './window.js';

/** What a lattice is checked against: the task's alphabets, how it runs, and the token windows it can hold. */
export type LatticeShape = Pick<Task, 'id' | 'inputAlphabet' | 'stateSymbols' | 'dynamics'> & Partial<Pick<Task, 'tokenWindowOccurs' | 'dimensions'>>;

/**
 * What is wrong with a lattice a task built, or undefined when nothing is: a length that is not a
 * whole number of cells from 1 to `MAX_LENGTH`, tokens or an initial state of another length or
 * outside their alphabets, a rollout's step count outside 0 to `MAX_ROLLOUT_STEPS`, or a step
 * count on a fixed-point lattice; with `radius`, a window of 2·radius + 1 tokens the task's
 * `tokenWindowOccurs` refuses. The engines index tables by token and state without checking (that
 * is what makes them fast), so a lattice is checked once, in O(L), before it runs.
 */
export function latticeProblem(task: LatticeShape, lattice: unknown, radius?: number): string | undefined {
  if (lattice === null || typeof lattice !== 'object') return `expected a lattice object, got ${describeValue(lattice)}`;
  const { length, tokens, initialState, steps, columns } = lattice as Partial<Lattice>;
  if (!(Number.isInteger(length) && (length as number) >= 1 && (length as number) <= MAX_LENGTH)) {
    return `length must be an integer from 1 to ${MAX_LENGTH}, got ${describeValue(length)}`;
  }
  const L = length as number;
  if (task.dimensions === 2) {
    if (!(Number.isInteger(columns) && (columns as number) >= 1 && L % (columns as number) === 0)) {
      return `columns must be a whole number of cells per row that divides length ${L} (the task's lattices are grids), got ${describeValue(columns)}`;
    }
  } else if (columns !== undefined) {
    return `columns is ${describeValue(columns)}, but the task's lattices are rows (set dimensions: 2 for grids)`;
  }
  const tokenProblem = symbolsProblem('tokens', tokens, L, task.inputAlphabet.length, 'input alphabet');
  if (tokenProblem) return tokenProblem;
  if (initialState !== undefined) {
    const stateProblem = symbolsProblem('initialState', initialState, L, task.stateSymbols.length, 'state symbols');
    if (stateProblem) return stateProblem;
  }
  if (task.dynamics === 'rollout') {
    if (!(Number.isInteger(steps) && (steps as number) >= 0 && (steps as number) <= MAX_ROLLOUT_STEPS)) {
      return `steps must be an integer from 0 to ${MAX_ROLLOUT_STEPS} (a rollout runs exactly that many steps), got ${describeValue(steps)}`;
    }
  } else if (steps !== undefined) {
    return `steps is ${describeValue(steps)}, but a fixed-point task runs until nothing changes and takes no step count`;
  }
  if (radius !== undefined && task.tokenWindowOccurs) {
    return task.dimensions === 2 ? gridTokenWindowProblem(task, tokens as Uint8Array, columns as number, radius) : tokenWindowProblem(task, tokens as Uint8Array, radius);
  }
  return undefined;
}

/**
 * What `tokenWindowOccurs` said of each window of tokens, by index over (V + 1)^W (0 not asked yet,
 * 1 yes, 2 no), per task and window shape: a long lattice asks about each distinct window once.
 */
const answers = new WeakMap<LatticeShape, Map<string, Uint8Array>>();
/** The most windows of tokens whose answers are kept; beyond, every window is asked. */
const MAX_KEPT_ANSWERS = 1 << 24;

/** The answers kept for a task's windows of one shape, or undefined when there are too many windows to keep. */
function keptAnswers(task: LatticeShape, shape: string, windows: number): Uint8Array | undefined {
  if (windows > MAX_KEPT_ANSWERS) return undefined;
  let byShape = answers.get(task);
  if (!byShape) answers.set(task, (byShape = new Map()));
  let known = byShape.get(shape);
  if (!known) byShape.set(shape, (known = new Uint8Array(windows)));
  return known;
}

/** The first window of the tokens that `tokenWindowOccurs` refuses (or answers with anything but a boolean). */
function tokenWindowProblem(task: LatticeShape, tokens: Uint8Array, radius: number): string | undefined {
  const W = 2 * radius + 1;
  const base = task.inputAlphabet.length + 1;
  const known = keptAnswers(task, `row ${radius}`, base ** W);
  const window = new Array<number>(W);
  const L = tokens.length;
  const powers = Array.from({ length: W }, (_, k) => base ** k);
  for (let i = 0; i < L; i++) {
    // The window's index, Σ_k (token_k + 1)·base^k, 0 beyond the lattice.
    let at = 0;
    if (radius === 1 && i >= 1 && i + 1 < L) at = tokens[i - 1] + 1 + (tokens[i] + 1) * base + (tokens[i + 1] + 1) * base * base;
    else if (i >= radius && i + radius < L) for (let k = 0, j = i - radius; k < W; k++, j++) at += (tokens[j] + 1) * powers[k];
    else for (let k = 0, j = i - radius; k < W; k++, j++) at += j >= 0 && j < L ? (tokens[j] + 1) * powers[k] : 0;
    if (known && known[at] === 1) continue;
    for (let k = 0; k < W; k++) window[k] = i + k - radius >= 0 && i + k - radius < L ? tokens[i + k - radius] : OUTSIDE;
    if (known && known[at] === 2) return refusal(window, i);
    const occurs = task.tokenWindowOccurs!(window);
    if (occurs === true) {
      if (known) known[at] = 1;
      continue;
    }
    if (occurs !== false) return `tokenWindowOccurs returned ${describeValue(occurs)} for the tokens [${window.join(', ')}]; it must return true or false`;
    if (known) known[at] = 2;
    return refusal(window, i);
  }
  return undefined;
}

/**
 * The first window of a grid's tokens that `tokenWindowOccurs` refuses, asking once per distinct
 * window: answers are kept by the window's index, as in a row, where the windows are few enough
 * (a cell inside the grid then costs a few additions), else by its tokens as text.
 */
function gridTokenWindowProblem(task: LatticeShape, tokens: Uint8Array, columns: number, radius: number): string | undefined {
  const offsets = windowOffsets(2, radius);
  const K = offsets.length;
  const rows = tokens.length / columns;
  const base = task.inputAlphabet.length + 1;
  const known = keptAnswers(task, `grid ${radius}`, base ** K);
  const asked = new Map<string, boolean>();
  const powers = Array.from({ length: K }, (_, k) => base ** k);
  // Inside the grid, neighbour k of a cell is a fixed step away in the flat array.
  const steps = offsets.map(([dy, dx]) => dy * columns + dx);
  const neighbours = new Int32Array(K);
  const window = new Array<number>(K);
  for (let y = 0, cell = 0; y < rows; y++) {
    const rowInside = y >= radius && y + radius < rows;
    for (let x = 0; x < columns; x++, cell++) {
      let at = 0;
      if (known && rowInside && x >= radius && x + radius < columns) {
        for (let k = 0; k < K; k++) at += (tokens[cell + steps[k]] + 1) * powers[k];
        if (known[at] === 1) continue;
      }
      neighbourCells(offsets, rows, columns, y, x, neighbours);
      for (let k = 0; k < K; k++) window[k] = neighbours[k] < 0 ? OUTSIDE : tokens[neighbours[k]];
      let occurs: boolean | undefined;
      if (known) {
        at = 0;
        for (let k = 0; k < K; k++) at += (window[k] + 1) * powers[k];
        occurs = known[at] === 0 ? undefined : known[at] === 1;
      } else {
        occurs = asked.get(window.join(','));
      }
      if (occurs === undefined) {
        const answer = task.tokenWindowOccurs!(window) as unknown;
        if (answer !== true && answer !== false) return `tokenWindowOccurs returned ${describeValue(answer)} for the tokens [${window.join(', ')}]; it must return true or false`;
        occurs = answer;
        if (known) known[at] = occurs ? 1 : 2;
        else if (asked.size < MAX_KEPT_ANSWERS) asked.set(window.join(','), occurs);
      }
      if (!occurs) return refusal(window, cell);
    }
  }
  return undefined;
}

function refusal(window: readonly number[], cell: number): string {
  return `the tokens [${window.join(', ')}] around cell ${cell} form a window tokenWindowOccurs says no lattice holds`;
}

/** The lattice, or a `TaskContractError` naming the task and what is wrong (see `latticeProblem`). */
export function checkLattice<T extends Lattice>(task: LatticeShape, lattice: T, radius?: number): T {
  const problem = latticeProblem(task, lattice, radius);
  if (problem) throw new TaskContractError(task.id, `invalid lattice: ${problem}`);
  return lattice;
}

/** A Uint8Array of `length` entries, each below `count`; the first entry that is not. */
function symbolsProblem(name: string, values: unknown, length: number, count: number, alphabet: string): string | undefined {
  if (!(values instanceof Uint8Array)) return `${name} must be a Uint8Array, got ${describeValue(values)}`;
  if (values.length !== length) return `${name} has ${values.length} entries, but length is ${length}`;
  if (count >= 256) return undefined;
  // The largest entry first: one tight pass, and the position is looked for only when one is wrong.
  let max = 0;
  for (let i = 0; i < length; i++) if (values[i] > max) max = values[i];
  if (max < count) return undefined;
  const at = values.findIndex((v) => v >= count);
  return `${name}[${at}] is ${values[at]}, outside the ${alphabet} (0 to ${count - 1})`;
}
