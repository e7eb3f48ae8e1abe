import { describe, expect, it } from 'vitest';
import { addition, builtinTasks, createRegistry, multiplication, parity } from './index.js';
import { defineTask, featureSetNames, TaskRegistry, withInputFeatures } from './registry.js';
import { applyRule } from './apply-rule.js';
import { MAX_LENGTH } from './limits.js';
import { seededRandom } from './random.js';
import { OUTSIDE, TaskContractError, TaskInputError, type Task } from './task.js';

/** A minimal valid task to derive broken variants from. */
function sample(overrides: Partial<Task<string, string>> = {}): Task<string, string> {
  return {
    id: 'echo',
    description: 'echoes its input',
    dynamics: 'fixed-point',
    inputAlphabet: [
      [1, 0],
      [0, 1],
    ],
    stateSymbols: ['a', 'b'],
    readout: 'all',
    encode: (s) => ({ length: s.length, tokens: new Uint8Array(s.length) }),
    decode: (s) => s,
    solve: (s) => s,
    equal: (x, y) => x === y,
    random: (n) => 'x'.repeat(n),
    adversarial: () => [],
    lengthOf: (s) => s.length,
    parse: (x) => String(x),
    format: (s) => ({ s }),
    formatOutput: (s) => s,
    ...overrides,
  };
}

describe('defineTask', () => {
  it('accepts a valid task and returns a frozen copy with the same behaviour', () => {
    const input = sample();
    const task = defineTask(input);
    expect(task).not.toBe(input);
    expect(Object.isFrozen(task)).toBe(true);
    expect(task.id).toBe('echo');
    expect(task.solve('abc')).toBe('abc');
    expect(() => {
      (task as { id: string }).id = 'other';
    }).toThrow(TypeError);
  });

  it.each(['a', 'parity', 'rule110', 'my-task-2', 'x-'])('accepts id %j', (id) => {
    expect(defineTask(sample({ id })).id).toBe(id);
  });

  it.each(['', 'Parity', '1task', '-task', 'my_task', 'my task', 'tâche', 'task!', 'TASK'])('rejects id %j', (id) => {
    expect(() => defineTask(sample({ id }))).toThrow(TypeError);
    expect(() => defineTask(sample({ id }))).toThrow(/id must match/);
  });

  it('rejects a ragged input alphabet, naming the token', () => {
    const inputAlphabet = [[1, 0], [0, 1], [1]];
    expect(() => defineTask(sample({ inputAlphabet }))).toThrow(TypeError);
    expect(() => defineTask(sample({ inputAlphabet }))).toThrow(/token 2 has 1 features, token 0 has 2/);
    expect(() => defineTask(sample({ inputAlphabet: [[1], [0, 1]] }))).toThrow(/token 1 has 2 features/);
  });

  it('rejects empty, zero-width, oversized and non-finite alphabets', () => {
    expect(() => defineTask(sample({ inputAlphabet: [] }))).toThrow(/inputAlphabet needs 1 to 256 tokens, has 0/);
    expect(() => defineTask(sample({ inputAlphabet: [[], []] }))).toThrow(/at least one entry/);
    const big = Array.from({ length: 257 }, () => [1]);
    expect(() => defineTask(sample({ inputAlphabet: big }))).toThrow(/has 257/);
    expect(defineTask(sample({ inputAlphabet: big.slice(1) })).inputAlphabet).toHaveLength(256);
    expect(() => defineTask(sample({ inputAlphabet: [[1], [Number.NaN]] }))).toThrow(/token 1 has a non-finite feature/);
    expect(() => defineTask(sample({ inputAlphabet: [[Infinity]] }))).toThrow(/non-finite/);
  });

  it('rejects too few or too many state symbols', () => {
    expect(() => defineTask(sample({ stateSymbols: [] }))).toThrow(/stateSymbols needs 2 to 256 symbols, has 0/);
    expect(() => defineTask(sample({ stateSymbols: ['only'] }))).toThrow(TypeError);
    expect(() => defineTask(sample({ stateSymbols: ['only'] }))).toThrow(/has 1/);
    const many = Array.from({ length: 257 }, (_, k) => String(k));
    expect(() => defineTask(sample({ stateSymbols: many }))).toThrow(/has 257/);
    expect(defineTask(sample({ stateSymbols: many.slice(1) })).stateSymbols).toHaveLength(256);
  });

  it('rejects a rule whose radius is not a positive integer', () => {
    for (const radius of [0, -1, 1.5, Number.NaN]) {
      expect(() => defineTask(sample({ rule: { radius, next: () => 0 } }))).toThrow(/rule.radius must be a positive integer/);
    }
    expect(defineTask(sample({ rule: { radius: 2, next: () => 0 } })).rule?.radius).toBe(2);
  });

  it('wants encodeBytes and decodeBytes together', () => {
    const encodeBytes = () => ({ length: 1, tokens: new Uint8Array(1) });
    expect(() => defineTask(sample({ encodeBytes }))).toThrow('task "echo": define encodeBytes and decodeBytes together, or neither');
    expect(() => defineTask(sample({ decodeBytes: () => [] }))).toThrow(/together, or neither/);
    expect(defineTask(sample({ encodeBytes, decodeBytes: () => [] })).encodeBytes).toBe(encodeBytes);
  });

  it('puts the task id on its errors', () => {
    expect(() => defineTask(sample({ id: 'broken', stateSymbols: [] }))).toThrow(/^task "broken": /);
  });

  /** The message defineTask throws for `task`, which must be a TaskContractError on one line. */
  function problem(task: unknown): string {
    try {
      defineTask(task as Task<string, string>);
    } catch (error) {
      expect(error).toBeInstanceOf(TaskContractError);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).not.toMatch(/[\r\n]/);
      return (error as Error).message;
    }
    throw new Error('defineTask accepted the task');
  }

  it.each([null, undefined, 42, 'parity', true])('rejects %j, which is not a task object', (task) => {
    expect(problem(task)).toBe(`defineTask: expected a task object, got ${task === 'parity' ? '"parity"' : task === 42 ? 'number 42' : task === true ? 'boolean true' : String(task)}`);
  });

  it('rejects a task without an id, or with one that is not a string', () => {
    const { id: _id, ...anonymous } = sample();
    expect(problem(anonymous)).toBe('defineTask: id must match /^[a-z][a-z0-9-]*$/ and have at most 64 characters, got undefined');
    expect(problem(sample({ id: 7 as unknown as string }))).toMatch(/^defineTask: id must match .*, got number 7$/);
    expect(problem(sample({ id: 'a'.repeat(65) }))).toMatch(/got a string of 65 characters$/);
    expect(defineTask(sample({ id: 'a'.repeat(64) })).id).toHaveLength(64);
  });

  it('names the field and what it got for every plain field', () => {
    const cases: [Partial<Record<keyof Task, unknown>>, string][] = [
      [{ description: undefined }, 'description must be a string, got undefined'],
      [{ dynamics: 'weird' }, 'dynamics must be "fixed-point" or "rollout", got "weird"'],
      [{ inputAlphabet: undefined }, 'inputAlphabet must be an array of feature rows, got undefined'],
      [{ inputAlphabet: [[1, 0], 'ab'] }, 'inputAlphabet: token 1 must be an array of numbers, got "ab"'],
      [{ inputAlphabet: [[1, 0], [0, '1']] }, 'inputAlphabet: token 1 has a non-finite feature ("1")'],
      [{ stateSymbols: 'ab' }, 'stateSymbols must be an array of names, got "ab"'],
      [{ stateSymbols: ['a', 2] }, 'stateSymbols[1] must be a non-empty string, got number 2'],
      [{ stateSymbols: ['a', ''] }, 'stateSymbols[1] must be a non-empty string, got ""'],
      [{ stateSymbols: ['a', 'b', 'a'] }, 'stateSymbols[2] repeats "a"; state symbols must be distinct'],
      [{ readout: 'first' }, 'readout must be "all" or { cell: i }, got "first"'],
      [{ readout: 'cell' }, 'readout "cell" must now say which cell: { cell: i } (0 the first cell, -1 the last)'],
      [{ readout: { cell: 1.5 } }, 'readout.cell must be an integer (0 the first cell, -1 the last), got number 1.5'],
      [{ rule: 3 }, 'rule must be an object with radius and next, got number 3'],
      [{ rule: { radius: 1 } }, 'rule.next must be a function, got undefined'],
      [{ rule: { radius: '1', next: () => 0 } }, 'rule.radius must be a positive integer, got "1"'],
    ];
    for (const [overrides, message] of cases) expect(problem(sample(overrides as Partial<Task<string, string>>))).toBe(`task "echo": ${message}`);
  });

  it('wants every required method to be a function, and optional ones to be functions when present', () => {
    for (const name of ['encode', 'decode', 'solve', 'equal', 'random', 'adversarial', 'lengthOf', 'parse', 'format', 'formatOutput']) {
      expect(problem({ ...sample(), [name]: undefined })).toBe(`task "echo": ${name} must be a function, got undefined`);
      expect(problem({ ...sample(), [name]: 'yes' })).toBe(`task "echo": ${name} must be a function, got "yes"`);
    }
    expect(problem(sample({ cellTargets: [] as unknown as () => Uint8Array }))).toBe('task "echo": cellTargets must be a function when present, got an array');
    expect(problem(sample({ encodeBytes: null as unknown as () => never }))).toBe('task "echo": encodeBytes must be a function when present, got null');
  });

  it('checks the recipe field by field and against the task', () => {
    const recipe = { regime: 'chaos', model: { channels: 2, embedding: 2, hidden: 4, radius: 1 }, trainLengths: [4, 16], validationLengths: [64], learningRate: 0.02, batchSize: 64, maxIterations: 100 };
    const rule = { radius: 1, next: () => 0 };
    const withRecipe = (changes: Record<string, unknown>, task: Partial<Task<string, string>> = { rule }) => sample({ ...task, recipe: { ...recipe, ...changes } as never });
    expect(defineTask(withRecipe({})).recipe).toEqual(recipe);
    const cases: [Record<string, unknown>, string][] = [
      [{ regime: 'both' }, 'recipe.regime must be "relax", "relax-continuous" or "chaos", got "both"'],
      [{ model: null }, 'recipe.model must be an object { channels, embedding, hidden, radius }, got null'],
      [{ model: { ...recipe.model, hidden: 0 } }, 'recipe.model.hidden must be a positive integer, got number 0'],
      [{ model: { ...recipe.model, radius: 1.5 } }, 'recipe.model.radius must be a positive integer, got number 1.5'],
      [{ trainLengths: [16, 4] }, 'recipe.trainLengths must be [min, max] with min ≤ max, got [16, 4]'],
      [{ trainLengths: [4] }, 'recipe.trainLengths must be [min, max] with min ≤ max, got [4]'],
      [{ trainLengths: [0, 4] }, `recipe.trainLengths must hold integers from 1 to ${MAX_LENGTH}, got [0, 4]`],
      [{ validationLengths: [] }, 'recipe.validationLengths needs at least one length'],
      [{ validationLengths: 64 }, 'recipe.validationLengths must be an array of lengths, got number 64'],
      [{ sweepLengths: [16, 'x'] }, `recipe.sweepLengths must hold integers from 1 to ${MAX_LENGTH}, got [16, "x"]`],
      [{ learningRate: -1 }, 'recipe.learningRate must be a positive number, got number -1'],
      [{ batchSize: Number.NaN }, 'recipe.batchSize must be a positive integer, got number NaN'],
      [{ maxIterations: undefined }, 'recipe.maxIterations must be a positive integer, got undefined'],
      [{ model: { ...recipe.model, channels: 3 } }, 'recipe.model.channels is 3, but a chaos-trained (discrete) model has one channel per state symbol (2)'],
    ];
    for (const [changes, message] of cases) expect(problem(withRecipe(changes))).toBe(`task "echo": ${message}`);
    expect(problem(withRecipe({}, {}))).toBe('task "echo": recipe.regime is "chaos", but the task has no rule to train on');
    expect(problem(withRecipe({ regime: 'relax' }))).toBe('task "echo": recipe.regime is "relax", but the task has no cellTargets to train on');
    const targets = { cellTargets: () => new Uint8Array() };
    expect(problem(withRecipe({ regime: 'relax', model: { ...recipe.model, channels: 3 } }, targets))).toBe(
      'task "echo": recipe.model.channels is 3, but a relax-trained (discrete) model has one channel per state symbol (2)',
    );
    expect(defineTask(withRecipe({ regime: 'relax-continuous', model: { ...recipe.model, channels: 3 } }, targets)).recipe?.regime).toBe('relax-continuous');
    expect(defineTask(withRecipe({ regime: 'relax' }, { dynamics: 'rollout', ...targets })).recipe?.regime).toBe('relax');
    expect(problem(withRecipe({ regime: 'relax-continuous' }, { dynamics: 'rollout', ...targets }))).toBe(
      'task "echo": recipe.regime is "relax-continuous", but a rollout task trains a discrete model ("relax" or "chaos")',
    );
  });

  it('names a field whose getter throws, whatever is thrown', () => {
    const throwing = (name: string, thrown: unknown) =>
      Object.defineProperty(sample(), name, {
        enumerable: true,
        get() {
          throw thrown;
        },
      });
    expect(problem(throwing('inputAlphabet', new Error('no alphabet today')))).toBe('task "echo": reading inputAlphabet threw: no alphabet today');
    expect(problem(throwing('decode', null))).toBe('task "echo": reading decode threw: null');
    expect(problem(throwing('id', 'nope'))).toBe('defineTask: reading id threw: nope');
    // A getter that does not throw is read once and its value kept.
    let reads = 0;
    const counted = Object.defineProperty(sample(), 'stateSymbols', { enumerable: true, get: () => (reads++, ['a', 'b']) });
    expect(defineTask(counted).stateSymbols).toEqual(['a', 'b']);
    expect(reads).toBeLessThanOrEqual(2);
  });

  it('copies the data it checked, so that later changes to the plugin object do not reach it', () => {
    const input = sample();
    const task = defineTask(input);
    (input.inputAlphabet[0] as number[])[0] = Number.NaN;
    (input.stateSymbols as string[]).push('c');
    expect(task.inputAlphabet).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(task.stateSymbols).toEqual(['a', 'b']);
    expect(Object.isFrozen(task.inputAlphabet[0])).toBe(true);
  });

  it('takes methods from the prototype and extra fields along, with the copy as `this`', () => {
    class Echo {
      readonly suffix = '!';
      readonly id = 'echo';
      readonly description = 'echoes';
      readonly dynamics = 'fixed-point';
      readonly inputAlphabet = [[1]];
      readonly stateSymbols = ['a', 'b'];
      readonly readout = 'all';
      encode(s: string) { return { length: s.length, tokens: new Uint8Array(s.length) }; }
      decode(s: string) { return s; }
      solve(s: string) { return s + this.suffix; }
      equal(a: string, b: string) { return a === b; }
      random() { return 'x'; }
      adversarial() { return []; }
      lengthOf(s: string) { return s.length; }
      parse(x: unknown) { return String(x); }
      format(s: string) { return { s }; }
      formatOutput(s: string) { return s; }
    }
    expect(defineTask(new Echo() as unknown as Task<string, string>).solve('hi')).toBe('hi!');
  });
});

describe('a defined rule', () => {
  const next = (value: unknown) => defineTask(sample({ rule: { radius: 1, next: () => value as number } })).rule!;

  it('passes state symbols through', () => {
    expect(next(1).next([0, 0, 0], [0, 1, 0])).toBe(1);
    expect(next(0).next([OUTSIDE, 0, 0], [OUTSIDE, 1, 0])).toBe(0);
  });

  it.each([2, -1, 1.5, Number.NaN, '1', undefined, null])('rejects %j, naming the task, the rule and the neighbourhood', (value) => {
    const rule = next(value);
    let error: unknown;
    try {
      rule.next([OUTSIDE, 1, 0], [OUTSIDE, 0, 1]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskContractError);
    expect((error as Error).message).toMatch(/^task "echo": rule\.next returned .+ for the neighbourhood tokens \[-1, 1, 0\], states \[-1, 0, 1\]; a state is an integer from 0 to 1 \(stateSymbols has 2\)$/);
  });

  it('is checked on every path that applies it', () => {
    expect(() => applyRule(next(2), new Uint8Array(4), new Uint8Array(4))).toThrow(/rule\.next returned number 2/);
  });

  it('lets what the rule throws through as it is', () => {
    const boom = new Error('boom');
    const rule = defineTask(sample({ rule: { radius: 1, next: () => { throw boom; } } })).rule!;
    expect(() => rule.next([0, 0, 0], [0, 0, 0])).toThrow(boom);
  });

  it('is wrapped once, however often the task is defined', () => {
    const task = defineTask(sample({ rule: { radius: 1, next: () => 0 } }));
    expect(defineTask(task).rule).toBe(task.rule);
    // Another task with another alphabet checks the rule against its own.
    expect(defineTask({ ...task, id: 'other', stateSymbols: ['x', 'y', 'z'] }).rule).not.toBe(task.rule);
  });
});

describe('TaskRegistry', () => {
  it('registers, finds and lists tasks in order', () => {
    const registry = new TaskRegistry();
    const a = defineTask(sample({ id: 'a' }));
    const b = defineTask(sample({ id: 'b' }));
    expect(registry.register(a)).toBe(registry);
    registry.register(b);
    expect(registry.get('a')).toBe(a);
    expect(registry.get('b')).toBe(b);
    expect(registry.has('a')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.ids()).toEqual(['a', 'b']);
  });

  it('checks a task that was not defined, and hands out the checked copy', () => {
    const registry = createRegistry();
    const plain = sample({ id: 'plain' });
    registry.register(plain);
    expect(registry.get('plain')).not.toBe(plain);
    expect(Object.isFrozen(registry.get('plain'))).toBe(true);
    const { id: _id, ...anonymous } = sample();
    expect(() => registry.register(anonymous as Task<string, string>)).toThrow(/^defineTask: id must match/);
    expect(() => registry.register(sample({ id: 'weird', dynamics: 'weird' as 'rollout' }))).toThrow(TaskContractError);
    expect(registry.ids()).toEqual(['parity', 'addition', 'rule110', 'multiplication', 'plain']);
  });

  it('rejects a second task with the same id and keeps the first', () => {
    const registry = new TaskRegistry();
    const first = defineTask(sample({ id: 'dup' }));
    registry.register(first);
    expect(() => registry.register(defineTask(sample({ id: 'dup', description: 'another' })))).toThrow(
      'a task with id "dup" is already registered',
    );
    expect(registry.get('dup')).toBe(first);
    expect(registry.ids()).toEqual(['dup']);
  });

  it('throws TaskInputError listing the known ids for an unknown id', () => {
    const registry = createRegistry();
    let error: unknown;
    try {
      registry.get('parityy');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskInputError);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect((error as Error).name).toBe('TaskInputError');
    expect(message).toContain('"parityy"');
    expect(message).toContain('parity, addition, rule110, multiplication');
    expect(message).not.toContain('\n');
  });

  it('returns a copy from ids()', () => {
    const registry = createRegistry();
    registry.ids().push('evil');
    expect(registry.ids()).toEqual(['parity', 'addition', 'rule110', 'multiplication']);
  });
});

describe('createRegistry', () => {
  it('holds exactly parity, addition, rule110 and multiplication', () => {
    const registry = createRegistry();
    expect(registry.ids()).toEqual(['parity', 'addition', 'rule110', 'multiplication']);
    for (const task of builtinTasks) expect(registry.get(task.id)).toBe(task);
  });

  it('gives a fresh registry each time', () => {
    const one = createRegistry();
    one.register(defineTask(sample({ id: 'extra' })));
    expect(one.has('extra')).toBe(true);
    expect(createRegistry().has('extra')).toBe(false);
  });

  it('refuses to register a built-in twice', () => {
    const registry = createRegistry();
    expect(() => registry.register(builtinTasks[0])).toThrow(/"parity" is already registered/);
  });
});

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
      expect(() => defineTask(sample({ inputFeatures: sets as Task['inputFeatures'] }))).toThrow(TaskContractError);
      expect(() => defineTask(sample({ inputFeatures: sets as Task['inputFeatures'] }))).toThrow(message);
    }
  });

  it('copies the tables it checked, so later changes to the plugin object do not reach them', () => {
    const table = [[0], [1]];
    const task = defineTask(sample({ inputFeatures: { bit: table } }));
    table[1][0] = 7;
    expect(task.inputFeatures?.bit).toEqual([[0], [1]]);
    expect(Object.isFrozen(task.inputFeatures)).toBe(true);
  });
});

describe('withInputFeatures', () => {
  it('is the same task reading its tokens through the named table, under the id <id>:<name>', () => {
    const task = defineTask(sample({ inputFeatures: { bit: [[0], [1]] } }));
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
    const task = defineTask(sample({ inputFeatures: { bit: [[0], [1]] } }));
    expect(() => withInputFeatures(task, 'toString')).toThrow(TaskInputError);
    expect(() => withInputFeatures(task, 'nope')).toThrow('task "echo" has no input features "nope"; its feature sets: default, bit');
    expect(() => withInputFeatures(defineTask(sample()), 'bit')).toThrow('its feature sets: default');
    expect(featureSetNames(task)).toEqual(['default', 'bit']);
  });

  it('keeps the rule and the answers of every built-in task in every feature set', () => {
    const random = seededRandom(7);
    for (const task of builtinTasks as readonly Task<any, any>[]) {
      for (const name of featureSetNames(task)) {
        const variant = withInputFeatures(task, name);
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
