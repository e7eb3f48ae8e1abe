import { describe, expect, it } from 'vitest';
import { builtinTasks } from './index.js';
import { checkLattice, latticeProblem } from './check-lattice.js';
import { MAX_LENGTH, MAX_ROLLOUT_STEPS } from './limits.js';
import { randomInt, seededRandom } from './random.js';
import { OUTSIDE, TaskContractError, type Dynamics, type Task } from './task.js';

/** A task of 3 tokens and 2 state symbols. */
const shape = (dynamics: Dynamics = 'fixed-point') => ({ id: 'toy', inputAlphabet: [[0], [1], [2]], stateSymbols: ['a', 'b'], dynamics });
const tokens = (...values: number[]) => Uint8Array.from(values);

describe('latticeProblem', () => {
  it('accepts what the built-in tasks encode', () => {
    const random = seededRandom(1);
    for (const task of [...builtinTasks] as readonly Task<any, any>[]) {
      for (const length of [1, 2, 17]) {
        for (const instance of [task.random(length, random), ...task.adversarial(length).map((f) => f.instance)]) {
          expect(latticeProblem(task, task.encode(instance))).toBeUndefined();
        }
      }
    }
  });

  it('accepts a lattice with or without an initial state, and a rollout with its steps', () => {
    expect(latticeProblem(shape(), { length: 3, tokens: tokens(0, 1, 2) })).toBeUndefined();
    expect(latticeProblem(shape(), { length: 3, tokens: tokens(0, 1, 2), initialState: tokens(1, 0, 1) })).toBeUndefined();
    expect(latticeProblem(shape('rollout'), { length: 1, tokens: tokens(2), steps: 0 })).toBeUndefined();
    expect(latticeProblem(shape('rollout'), { length: 1, tokens: tokens(2), steps: MAX_ROLLOUT_STEPS })).toBeUndefined();
  });

  it.each([
    [null, 'expected a lattice object, got null'],
    ['0110', 'expected a lattice object, got "0110"'],
    [{ length: 0, tokens: tokens() }, `length must be an integer from 1 to ${MAX_LENGTH}, got number 0`],
    [{ length: Number.NaN, tokens: tokens() }, `length must be an integer from 1 to ${MAX_LENGTH}, got number NaN`],
    [{ length: 2.5, tokens: tokens(0, 0) }, `length must be an integer from 1 to ${MAX_LENGTH}, got number 2.5`],
    [{ length: MAX_LENGTH + 1, tokens: tokens() }, `length must be an integer from 1 to ${MAX_LENGTH}, got number ${MAX_LENGTH + 1}`],
    [{ tokens: tokens(1) }, `length must be an integer from 1 to ${MAX_LENGTH}, got undefined`],
    [{ length: 2, tokens: [0, 1] }, 'tokens must be a Uint8Array, got an array'],
    [{ length: 3, tokens: tokens(0, 1) }, 'tokens has 2 entries, but length is 3'],
    [{ length: 2, tokens: tokens(0, 1, 2) }, 'tokens has 3 entries, but length is 2'],
    [{ length: 4, tokens: tokens(0, 1, 3, 7) }, 'tokens[2] is 3, outside the input alphabet (0 to 2)'],
    [{ length: 2, tokens: tokens(0, 1), initialState: tokens(0) }, 'initialState has 1 entries, but length is 2'],
    [{ length: 2, tokens: tokens(0, 1), initialState: tokens(0, 2) }, 'initialState[1] is 2, outside the state symbols (0 to 1)'],
    [{ length: 2, tokens: tokens(0, 1), initialState: 'ab' }, 'initialState must be a Uint8Array, got "ab"'],
    [{ length: 2, tokens: tokens(0, 1), steps: 3 }, 'steps is number 3, but a fixed-point task runs until nothing changes and takes no step count'],
  ])('fixed-point: %j is wrong: %s', (lattice, message) => {
    expect(latticeProblem(shape(), lattice)).toBe(message);
  });

  it.each([undefined, -1, 1.5, Number.NaN, '3', MAX_ROLLOUT_STEPS + 1])('rollout: steps %j is wrong', (steps) => {
    expect(latticeProblem(shape('rollout'), { length: 1, tokens: tokens(0), steps })).toMatch(
      new RegExp(`^steps must be an integer from 0 to ${MAX_ROLLOUT_STEPS} \\(a rollout runs exactly that many steps\\), got `),
    );
  });

  it('finds an out-of-range token anywhere in a long lattice', () => {
    const long = new Uint8Array(100_000).fill(2);
    expect(latticeProblem(shape(), { length: long.length, tokens: long })).toBeUndefined();
    long[99_999] = 3;
    expect(latticeProblem(shape(), { length: long.length, tokens: long })).toBe('tokens[99999] is 3, outside the input alphabet (0 to 2)');
  });
});

describe('latticeProblem with a radius, for a task that says which windows of tokens occur', () => {
  // Token 2 only ever ends a lattice.
  const ended = { ...shape(), tokenWindowOccurs: (w: readonly number[]) => w.every((t, k) => t !== 2 || k + 1 === w.length || w[k + 1] === OUTSIDE) };

  it('accepts lattices whose windows it allows, and names the first window it refuses and where', () => {
    expect(latticeProblem(ended, { length: 3, tokens: tokens(0, 1, 2) }, 1)).toBeUndefined();
    expect(latticeProblem(ended, { length: 3, tokens: tokens(2, 1, 2) }, 1)).toBe('the tokens [-1, 2, 1] around cell 0 form a window tokenWindowOccurs says no lattice holds');
    expect(latticeProblem(ended, { length: 4, tokens: tokens(0, 1, 2, 0) }, 2)).toBe('the tokens [-1, 0, 1, 2, 0] around cell 1 form a window tokenWindowOccurs says no lattice holds');
    // Without a radius (no model to say how wide a window is), the windows are not asked about.
    expect(latticeProblem(ended, { length: 3, tokens: tokens(2, 1, 2) })).toBeUndefined();
  });

  it('takes nothing but true or false for an answer', () => {
    const vague = { ...shape(), tokenWindowOccurs: () => 1 as unknown as boolean };
    expect(latticeProblem(vague, { length: 2, tokens: tokens(0, 1) }, 1)).toBe('tokenWindowOccurs returned number 1 for the tokens [-1, 0, 1]; it must return true or false');
  });
});

describe('latticeProblem for a task of grids', () => {
  const grid = { ...shape(), dimensions: 2 as const };

  it('takes a grid whose columns divide its length, and no columns on a row', () => {
    expect(latticeProblem(grid, { length: 6, columns: 3, tokens: tokens(0, 1, 2, 2, 1, 0) })).toBeUndefined();
    expect(latticeProblem(grid, { length: 6, columns: 1, tokens: tokens(0, 1, 2, 2, 1, 0) })).toBeUndefined();
    const divides = (got: string) => `columns must be a whole number of cells per row that divides length 6 (the task's lattices are grids), got ${got}`;
    expect(latticeProblem(grid, { length: 6, tokens: tokens(0, 1, 2, 2, 1, 0) })).toBe(divides('undefined'));
    expect(latticeProblem(grid, { length: 6, columns: 4, tokens: tokens(0, 1, 2, 2, 1, 0) })).toBe(divides('number 4'));
    expect(latticeProblem(grid, { length: 6, columns: 0, tokens: tokens(0, 1, 2, 2, 1, 0) })).toBe(divides('number 0'));
    expect(latticeProblem(grid, { length: 6, columns: 1.5, tokens: tokens(0, 1, 2, 2, 1, 0) })).toBe(divides('number 1.5'));
    expect(latticeProblem(shape(), { length: 6, columns: 3, tokens: tokens(0, 1, 2, 2, 1, 0) })).toBe(
      'columns is number 3, but the task\'s lattices are rows (set dimensions: 2 for grids)',
    );
  });

  // Token 2 never sits right above another 2 (window position 1 is the cell above the centre).
  const refusesTwoAboveTwo = (asked: string[]) => ({
    ...grid,
    tokenWindowOccurs(window: readonly number[]) {
      asked.push(window.join(','));
      const side = Math.sqrt(window.length);
      const centre = (window.length - 1) / 2;
      return !(window[centre] === 2 && window[centre - side] === 2);
    },
  });

  it('asks about each distinct window of a grid once, and names the first it refuses and where', () => {
    const asked: string[] = [];
    const task = refusesTwoAboveTwo(asked);
    const uniform = { length: 40 * 30, columns: 30, tokens: new Uint8Array(40 * 30).fill(1) };
    expect(latticeProblem(task, uniform, 1)).toBeUndefined();
    expect(asked).toHaveLength(9);
    expect(latticeProblem(task, uniform, 1)).toBeUndefined();
    expect(asked).toHaveLength(9);
    const X = OUTSIDE;
    // Rows 2 0 1 / 2 1 0: the cell below the first 2 (cell 3) is refused.
    expect(latticeProblem(task, { length: 6, columns: 3, tokens: tokens(2, 0, 1, 2, 1, 0) }, 1)).toBe(
      `the tokens [${[X, 2, 0, X, 2, 1, X, X, X].join(', ')}] around cell 3 form a window tokenWindowOccurs says no lattice holds`,
    );
    expect(latticeProblem(task, { length: 6, columns: 3, tokens: tokens(2, 0, 1, 2, 1, 0) })).toBeUndefined();
  });

  it('answers as the task does on random grids, whether the windows are kept by index or by text', () => {
    const random = seededRandom(2);
    // An alphabet of three tokens: 4^9 windows of radius 1 are kept by index; 4^25 of radius 2 are too many.
    for (const radius of [1, 2]) {
      // One task for all the grids: later grids meet windows whose answers are kept.
      const task = refusesTwoAboveTwo([]);
      for (let k = 0; k < 300; k++) {
        // Mostly 0, some 2: windows repeat, and a grid goes some way before its first refusal.
        const [rows, columns] = [randomInt(random, 1, 10), randomInt(random, 1, 10)];
        const grid = tokens(...Array.from({ length: rows * columns }, () => (random() < 0.2 ? 2 : 0)));
        const refused = Array.from(grid).findIndex((t, cell) => t === 2 && cell >= columns && grid[cell - columns] === 2);
        const problem = latticeProblem(task, { length: grid.length, columns, tokens: grid }, radius);
        if (refused < 0) expect(problem).toBeUndefined();
        else expect(problem).toMatch(new RegExp(`around cell ${refused} form a window`));
      }
    }
  });

  it('takes nothing but true or false for an answer', () => {
    const vague = { ...grid, tokenWindowOccurs: () => 'yes' as unknown as boolean };
    expect(latticeProblem(vague, { length: 1, columns: 1, tokens: tokens(0) }, 1)).toBe(
      `tokenWindowOccurs returned "yes" for the tokens [${[-1, -1, -1, -1, 0, -1, -1, -1, -1].join(', ')}]; it must return true or false`,
    );
  });
});

describe('checkLattice', () => {
  it('returns a good lattice and throws a TaskContractError naming the task for a bad one', () => {
    const lattice = { length: 1, tokens: tokens(1) };
    expect(checkLattice(shape(), lattice)).toBe(lattice);
    let error: unknown;
    try {
      checkLattice(shape(), { length: 1, tokens: tokens(5) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskContractError);
    expect((error as TaskContractError).message).toBe('task "toy": invalid lattice: tokens[0] is 5, outside the input alphabet (0 to 2)');
    expect((error as TaskContractError).problem).toBe('invalid lattice: tokens[0] is 5, outside the input alphabet (0 to 2)');
    expect((error as TaskContractError).taskId).toBe('toy');
  });
});
