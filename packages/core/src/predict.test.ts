import { addition, defineTask, MAX_ROLLOUT_STEPS, rule110, TaskContractError, type Lattice, type Task } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { ENGINES } from './engines/engines.js';
import { SeadModel } from './model/model.js';
import { predict, runLattice } from './predict.js';
import { identityModel, SMALL } from './test-models.js';

/** Addition (2 state symbols, 100 tokens) whose encode gives this lattice. */
const additionEncoding = (lattice: unknown): Task<any, any> => defineTask({ ...addition, encode: () => lattice as Lattice });
const rollout = (lattice: unknown): Task<any, any> => defineTask({ ...rule110, encode: () => lattice as Lattice });
const tokens = (...values: number[]) => Uint8Array.from(values);

/** Lattices no engine may run, with what the check says about each. */
const fixedPoint: [string, unknown, string][] = [
  ['no cells', { length: 0, tokens: tokens() }, 'length must be an integer from 1 to 268435456, got number 0'],
  ['a NaN length', { length: Number.NaN, tokens: tokens(1) }, 'length must be an integer from 1 to 268435456, got number NaN'],
  ['fewer tokens than cells', { length: 3, tokens: tokens(1, 2) }, 'tokens has 2 entries, but length is 3'],
  ['a token outside the alphabet', { length: 3, tokens: tokens(1, 100, 2) }, 'tokens[1] is 100, outside the input alphabet (0 to 99)'],
  ['a short initial state', { length: 2, tokens: tokens(1, 2), initialState: tokens(0) }, 'initialState has 1 entries, but length is 2'],
  ['an initial state outside the symbols', { length: 2, tokens: tokens(1, 2), initialState: tokens(0, 2) }, 'initialState[1] is 2, outside the state symbols (0 to 1)'],
  ['a step count', { length: 2, tokens: tokens(1, 2), steps: 4 }, 'steps is number 4, but a fixed-point task runs until nothing changes and takes no step count'],
];

function contractError(run: () => unknown): TaskContractError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskContractError);
    return error as TaskContractError;
  }
  throw new Error('expected a TaskContractError');
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('lattices are checked before any engine runs them', () => {
  let model: SeadModel;
  beforeAll(() => {
    model = identityModel();
  });

  describe.each(ENGINES)('engine %s', (engine) => {
    it.each(fixedPoint)('predict refuses %s', (_name, lattice, problem) => {
      const error = contractError(() => predict(model, additionEncoding(lattice), { a: '1', b: '2' }, { engine }));
      expect(error.message).toBe(`task "addition": invalid lattice: ${problem}`);
    });

    it.each(fixedPoint)('runLattice refuses %s', (_name, lattice, problem) => {
      expect(contractError(() => runLattice(model, addition, lattice as Lattice, { engine })).problem).toBe(`invalid lattice: ${problem}`);
    });

    it('runs a good lattice as before', () => {
      expect(runLattice(model, addition, { length: 3, tokens: tokens(1, 2, 0) }, { engine }).converged).toBe(true);
    });

    it("refuses a window of tokens the task says no lattice holds: addition's last cell holds the pair (0, 0)", () => {
      expect(contractError(() => runLattice(model, addition, { length: 3, tokens: tokens(1, 2, 3) }, { engine })).problem).toBe(
        'invalid lattice: the tokens [2, 3, -1] around cell 2 form a window tokenWindowOccurs says no lattice holds',
      );
    });
  });

  it.each([undefined, -1, 2.5, MAX_ROLLOUT_STEPS + 1])('a rollout with steps %j is refused', (steps) => {
    const model = SeadModel.create(rule110, SMALL, 'discrete', 0);
    for (const engine of ENGINES) {
      const error = contractError(() => predict(model, rollout({ length: 2, tokens: tokens(0, 0), steps }), { cells: '00', steps: 1 }, { engine }));
      expect(error.message).toMatch(/^task "rule110": invalid lattice: steps must be an integer from 0 to \d+/);
    }
    model.dispose();
  });
});
