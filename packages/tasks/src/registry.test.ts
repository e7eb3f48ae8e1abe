import { describe, expect, it } from 'vitest';
import { builtinTasks, createRegistry } from './index.js';
import { defineTask, TaskRegistry } from './registry.js';
import { TaskInputError, type Task } from './task.js';

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
    expect(message).toContain('parity, addition, rule110');
    expect(message).not.toContain('\n');
  });

  it('returns a copy from ids()', () => {
    const registry = createRegistry();
    registry.ids().push('evil');
    expect(registry.ids()).toEqual(['parity', 'addition', 'rule110']);
  });
});

describe('createRegistry', () => {
  it('holds exactly parity, addition and rule110', () => {
    const registry = createRegistry();
    expect(registry.ids()).toEqual(['parity', 'addition', 'rule110']);
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
