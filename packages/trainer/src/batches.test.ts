import { addition, defineTask, seededRandom, TaskContractError, type Task } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { sampleChaosBatch, sampleRelaxBatch } from './batches.js';

/** Addition with some of its methods replaced. */
const broken = (changes: Partial<Task<any, any>>): Task<any, any> => defineTask({ ...addition, ...changes });

function contractMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskContractError);
    return (error as Error).message;
  }
  throw new Error('expected a TaskContractError');
}

describe('sampleRelaxBatch', () => {
  it('gives one length and each instance its targets', () => {
    const batch = sampleRelaxBatch(addition, 6, 4, seededRandom(1));
    expect(batch.length).toBe(7);
    expect(batch.targets).toHaveLength(4 * 7);
  });

  it('refuses targets of the wrong length or outside the state symbols, and bad lattices', () => {
    const short = broken({ cellTargets: (x) => addition.cellTargets!(x).subarray(1) });
    expect(contractMessage(() => sampleRelaxBatch(short, 6, 4, seededRandom(1)))).toBe('task "addition": cellTargets gave 6 symbols for a lattice of 7 cells');
    const long = broken({ cellTargets: (x) => new Uint8Array(addition.encode(x).length + 3) });
    expect(contractMessage(() => sampleRelaxBatch(long, 6, 4, seededRandom(1)))).toBe('task "addition": cellTargets gave 10 symbols for a lattice of 7 cells');
    const stray = broken({ cellTargets: (x) => addition.cellTargets!(x).fill(2, 3) });
    expect(contractMessage(() => sampleRelaxBatch(stray, 6, 4, seededRandom(1)))).toBe('task "addition": cellTargets gave symbol 2 at cell 3; the state symbols are 0 to 1');
    const array = broken({ cellTargets: (x) => Array.from(addition.cellTargets!(x)) as unknown as Uint8Array });
    expect(contractMessage(() => sampleRelaxBatch(array, 6, 4, seededRandom(1)))).toBe('task "addition": cellTargets must return a Uint8Array, got an array');
    const badToken = broken({ encode: (x) => ({ ...addition.encode(x), tokens: new Uint8Array(addition.encode(x).length).fill(200) }) });
    expect(contractMessage(() => sampleRelaxBatch(badToken, 6, 4, seededRandom(1)))).toMatch(/^task "addition": invalid lattice: tokens\[0\] is 200/);
    let n = 0;
    const ragged = broken({ random: (length, random) => addition.random(length + (n++ % 2), random) });
    expect(contractMessage(() => sampleRelaxBatch(ragged, 6, 4, seededRandom(1)))).toBe('task "addition": random(6) gave instances of 7 and of 8 cells; a training batch needs one length');
  });
});

describe('sampleChaosBatch', () => {
  it('refuses the same from a rule that defineTask has not checked', () => {
    const task = { ...addition, rule: { radius: 1, next: () => 3 } };
    expect(contractMessage(() => sampleChaosBatch(task, 4, 2, seededRandom(2)))).toBe('task "addition": rule.next returned 3, but the state symbols are 0 to 1');
  });

  it('refuses a rule answering a symbol that does not exist', () => {
    const task = broken({ rule: { radius: 1, next: (tokens) => (tokens[1] === 99 ? 2 : 0) } });
    // Every token turns up in a large enough batch.
    expect(contractMessage(() => sampleChaosBatch(task, 8, 256, seededRandom(2)))).toMatch(
      /^task "addition": rule\.next returned number 2 for the neighbourhood tokens \[(-1|\d+), 99, (-1|\d+)\], states \[.*\]; a state is an integer from 0 to 1/,
    );
  });
});
