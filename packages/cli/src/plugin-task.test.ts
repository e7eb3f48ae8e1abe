import { defineTask, OUTSIDE, parity, TaskInputError, type Task } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { guardPluginTask, PluginError } from './plugin-task.js';

const NAME = 'plugin task "parity-copy" (module ./p.mjs)';
/** Parity under another id with some methods replaced, guarded as `--plugin ./p.mjs` guards it. */
const guarded = (changes: Partial<Task<any, any>> = {}) => guardPluginTask(defineTask({ ...parity, id: 'parity-copy', ...changes }), './p.mjs');

function pluginError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PluginError);
    expect((error as Error).message).not.toMatch(/[\r\n]/);
    return (error as Error).message;
  }
  throw new Error('expected a PluginError');
}

describe('guardPluginTask', () => {
  it('changes nothing for a healthy task', () => {
    const task = guarded();
    const instance = { bits: '0110' };
    expect(task.encode(instance)).toEqual(parity.encode(instance));
    expect(task.solve(instance)).toBe(parity.solve(instance));
    expect(task.adversarial(4)).toEqual(parity.adversarial(4));
    expect(task.cellTargets!(instance)).toEqual(parity.cellTargets!(instance));
    expect(task.rule!.next([0, 1, 0], [0, 1, 2])).toBe(parity.rule!.next([0, 1, 0], [0, 1, 2]));
    expect(Array.from(task.decodeBytes!(task.encodeBytes!({ bits: '0111' }), new Uint8Array([0, 1, 0, 2])))).toHaveLength(1);
  });

  it('lets bad input through as bad input, from parse and encodeBytes only', () => {
    expect(() => guarded().parse({ bits: '01x' })).toThrow(TaskInputError);
    expect(() => guarded().encodeBytes!({ bits: '01x' })).toThrow(TaskInputError);
    const encode = () => {
      throw new TaskInputError('too long');
    };
    expect(pluginError(() => guarded({ encode }).encode({ bits: '01' }))).toBe(`${NAME}: encode threw: too long`);
  });

  it.each([
    ['equal', { equal: () => 1 }, (t: Task<any, any>) => t.equal(0, 0), 'equal returned number 1, not true or false'],
    ['lengthOf', { lengthOf: () => -2 }, (t: Task<any, any>) => t.lengthOf({ bits: '0' }), 'lengthOf returned number -2, not a non-negative integer'],
    ['format', { format: () => ['0'] }, (t: Task<any, any>) => t.format({ bits: '0' }), 'format returned an array, not a JSON object'],
    ['random', { random: () => Promise.resolve({ bits: '0' }) }, (t: Task<any, any>) => t.random(2, Math.random), 'random returned a promise; task methods must be synchronous'],
    ['adversarial without a name', { adversarial: () => [{ instance: { bits: '1' } }] }, (t: Task<any, any>) => t.adversarial(1), 'adversarial(1)[0] has no family name, got undefined'],
    ['adversarial without an instance', { adversarial: () => [{ family: 'ones' }] }, (t: Task<any, any>) => t.adversarial(1), 'adversarial(1)[0] (family "ones") has no instance'],
    ['cellTargets too short', { cellTargets: () => new Uint8Array(1) }, (t: Task<any, any>) => t.cellTargets!({ bits: '01' }), 'cellTargets gave 1 symbols for a lattice of 2 cells'],
    ['cellTargets outside the symbols', { cellTargets: () => new Uint8Array(2).fill(3) }, (t: Task<any, any>) => t.cellTargets!({ bits: '01' }), 'cellTargets gave symbol 3 at cell 0; the state symbols are 0 to 2'],
    ['rule.next out of range', { rule: { radius: 1, next: () => 3 } }, (t: Task<any, any>) => t.rule!.next([OUTSIDE, 0, 1], [OUTSIDE, 0, 2]), 'rule.next returned number 3 for the neighbourhood tokens [-1, 0, 1], states [-1, 0, 2]; a state is an integer from 0 to 2 (stateSymbols has 3)'],
    ['rule.next throwing', { rule: { radius: 1, next: () => { throw Symbol('odd'); } } }, (t: Task<any, any>) => t.rule!.next([0, 0, 0], [0, 0, 0]), 'rule.next threw: a symbol'],
  ] as [string, Partial<Task<any, any>>, (t: Task<any, any>) => unknown, string][])('%s', (_name, changes, run, problem) => {
    expect(pluginError(() => run(guarded(changes)))).toBe(`${NAME}: ${problem}`);
  });

  it('blames the method called when it calls another one itself', () => {
    const task = guarded({
      encode() {
        throw new Error('inner');
      },
      solve(instance) {
        return (this as Task<any, any>).encode(instance).length;
      },
    });
    expect(pluginError(() => task.solve({ bits: '01' }))).toBe(`${NAME}: solve threw: inner`);
  });
});
