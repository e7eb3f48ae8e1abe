import { describe, expect, it } from 'vitest';
import { addition, builtinTasks, createRegistry, multiplication, parity } from './index.js';
import { defineTask, featureSetNames, withInputFeatures } from './registry.js';
import { seededRandom } from './random.js';
import { TaskContractError, TaskInputError, type Task } from './task.js';

/** A small valid task with one alternative feature set. */
function sample(inputFeatures: unknown): Task<string, string> {
  return {
    id: 'echo',
    description: 'echoes its input',
    dynamics: 'fixed-point',
    inputAlphabet: [
      [1, 0],
      [0, 1],
    ],
    inputFeatures: inputFeatures as Task['inputFeatures'],
    stateSymbols: ['a', 'b'],
    readout: 'all',
    encode: (s) => ({ length: s.length, tokens: Uint8Array.from(s, (c) => (c === 'b' ? 1 : 0)) }),
    decode: (s) => s,
    solve: (s) => s,
    equal: (x, y) => x === y,
    random: (n) => 'a'.repeat(n),
    adversarial: () => [],
    lengthOf: (s) => s.length,
    parse: (x) => String(x),
    format: (s) => ({ s }),
    formatOutput: (s) => s,
  };
}

describe('inputFeatures', () => {
  it('checks every feature set: its name, its token count and its rows', () => {
    const bad: [unknown, RegExp][] = [
      [[[1], [2]], /inputFeatures must be an object of named feature tables/],
      [{ default: [[1], [2]] }, /not be "default"/],
      [{ 'Bad name': [[1], [2]] }, /a feature set's name must match/],
      [{ short: [[1]] }, /inputFeatures.short describes 1 tokens, inputAlphabet has 2/],
      [{ ragged: [[1], [1, 2]] }, /inputFeatures.ragged: token 1 has 2 features, token 0 has 1/],
      [{ nan: [[1], [Number.NaN]] }, /inputFeatures.nan: token 1 has a non-finite feature/],
      [{ empty: [[], []] }, /inputFeatures.empty: input features must have at least one entry/],
      [Object.fromEntries(Array.from({ length: 33 }, (_, k) => [`s${k}`, [[0], [1]]])), /at most 32 feature sets/],
    ];
    for (const [sets, message] of bad) {
      expect(() => defineTask(sample(sets))).toThrow(TaskContractError);
      expect(() => defineTask(sample(sets))).toThrow(message);
    }
  });

  it('copies the tables it checked, so later changes to the plugin object do not reach them', () => {
    const table = [[0], [1]];
    const task = defineTask(sample({ bit: table }));
    table[1][0] = 7;
    expect(task.inputFeatures?.bit).toEqual([[0], [1]]);
    expect(Object.isFrozen(task.inputFeatures)).toBe(true);
  });
});

describe('withInputFeatures', () => {
  it('is the same task reading its tokens through the named table, under the id <id>:<name>', () => {
    const task = defineTask(sample({ bit: [[0], [1]] }));
    const bit = withInputFeatures(task, 'bit');
    expect(bit.id).toBe('echo:bit');
    expect(bit.inputAlphabet).toEqual([[0], [1]]);
    expect(bit.inputFeatures).toBeUndefined();
    expect(bit.stateSymbols).toBe(task.stateSymbols);
    expect(bit.encode('abba').tokens).toEqual(task.encode('abba').tokens);
    expect(Object.isFrozen(bit)).toBe(true);
    expect(withInputFeatures(task, 'bit')).toBe(bit);
    expect(withInputFeatures(task, 'default')).toBe(task);
  });

  it('names the feature sets there are when asked for another', () => {
    const task = defineTask(sample({ bit: [[0], [1]] }));
    expect(() => withInputFeatures(task, 'toString')).toThrow(TaskInputError);
    expect(() => withInputFeatures(task, 'nope')).toThrow('task "echo" has no input features "nope"; its feature sets: default, bit');
    expect(() => withInputFeatures(defineTask(sample(undefined)), 'bit')).toThrow('its feature sets: default');
    expect(featureSetNames(task)).toEqual(['default', 'bit']);
  });

  it('keeps the rule and the answers of every built-in task in every feature set', () => {
    const random = seededRandom(7);
    for (const task of builtinTasks) {
      for (const name of featureSetNames(task)) {
        const variant = withInputFeatures(task as Task<any, any>, name);
        expect(variant.inputAlphabet.length).toBe(task.inputAlphabet.length);
        expect(variant.rule).toBe(task.rule);
        const instance = task.random(12, random);
        expect(variant.equal(variant.solve(instance), task.solve(instance))).toBe(true);
        expect(variant.encode(instance).tokens).toEqual(task.encode(instance).tokens);
      }
    }
  });

  it('offers smaller and larger inputs for parity, addition and multiplication', () => {
    expect(featureSetNames(parity)).toEqual(['default', 'bit']);
    expect(featureSetNames(multiplication)).toEqual(['default', 'bit']);
    expect(featureSetNames(addition)).toEqual(['default', 'digit-sum', 'one-hot']);
    // Token 10·a + b: the digit sum alone, or each digit one-hot.
    expect(withInputFeatures(addition, 'digit-sum').inputAlphabet[37]).toEqual([1, 10 / 18]);
    const oneHot = withInputFeatures(addition, 'one-hot').inputAlphabet[37];
    expect(oneHot.length).toBe(20);
    expect(oneHot.flatMap((x, f) => (x === 1 ? [f] : []))).toEqual([3, 17]);
    expect(oneHot.reduce((sum, x) => sum + x, 0)).toBe(2);
  });
});

describe('a registry finds feature-set variants by id', () => {
  it('resolves <id>:<name> to the variant, the same object withInputFeatures gives', () => {
    const registry = createRegistry();
    expect(registry.get('addition:digit-sum')).toBe(withInputFeatures(addition, 'digit-sum'));
    expect(registry.get('parity:bit').id).toBe('parity:bit');
    expect(registry.ids()).toEqual(['parity', 'addition', 'rule110', 'multiplication']);
  });

  it('refuses an unknown set, an unknown task, the own set by name and an empty id', () => {
    const registry = createRegistry();
    expect(() => registry.get('addition:nope')).toThrow('task "addition" has no input features "nope"; its feature sets: default, digit-sum, one-hot');
    expect(() => registry.get('nope:bit')).toThrow(/unknown task "nope:bit"; known tasks: parity, addition/);
    expect(() => registry.get('addition:default')).toThrow(/unknown task "addition:default"/);
    expect(() => registry.get(':bit')).toThrow(/unknown task ":bit"/);
    expect(() => registry.get('rule110:')).toThrow(/has no input features ""/);
  });
});
