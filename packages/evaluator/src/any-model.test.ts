import type { Answer, AnswerOptions, Model } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { addition, parity, type Task } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportJson } from './json.js';
import { reportMarkdown } from './markdown.js';
import { lengthSweep } from './sweep.js';
import { comparisonTable } from './tables.js';

beforeAll(async () => {
  await useNodeBackend();
});

/**
 * A model of another architecture, written by hand: it labels every cell with the task's own cell
 * targets, or, when `flipAbove` is set, flips the last cell's label of lattices longer than that (a
 * model that is right on short inputs only). It states a cost of `cells²` and may cap its lattices.
 */
class TargetsModel implements Model {
  readonly architecture = 'oracle';
  readonly parameterCount = 7;
  readonly config = { flipAbove: Infinity };
  readonly calls: number[] = [];
  constructor(
    readonly taskId: string,
    private readonly flipAbove = Infinity,
    readonly maxLength?: number,
  ) {
    this.config = { flipAbove };
  }
  work(cells: number): number {
    return cells * cells;
  }
  predictMany<I, O>(task: Task<I, O>, instances: readonly I[], options: AnswerOptions = {}): Answer<O>[] {
    return instances.map((instance, k) => {
      const symbols = task.cellTargets!(instance);
      this.calls.push(symbols.length);
      if (symbols.length > this.flipAbove) symbols[symbols.length - 1] ^= 3;
      const answer = { output: task.decode(instance, symbols), steps: 1, converged: true };
      options.onAnswered?.(k + 1, instances.length, answer);
      return answer;
    });
  }
  dispose(): void {}
}

describe('lengthSweep of a model that is not SEAD', () => {
  it('sweeps it through its own predictMany, with no engine and no certificate', () => {
    const model = new TargetsModel('parity');
    const report = lengthSweep(model, parity, { lengths: [4, 9], randomPerLength: 3, regime: 'relax' });
    expect(report).toMatchObject({ architecture: 'oracle', parameters: 7, regime: 'relax', config: { flipAbove: Infinity }, certificate: null, skipped: [], allCorrect: true });
    expect(report.settings.engine).toBeNull();
    expect(report.byLength.map((s) => [s.length, s.correct, s.total])).toEqual([
      [4, 7, 7],
      [9, 7, 7],
    ]);
    // Every instance went through the model: 3 random and parity's 4 adversarial families per length.
    expect(model.calls).toEqual([...Array(7).fill(4), ...Array(7).fill(9)]);
  });

  it('counts its wrong answers as wrong', () => {
    // Parity's answer is the last cell's prefix parity (symbol 1 or 2): flipped, it is wrong.
    const report = lengthSweep(new TargetsModel('parity', 6), parity, { lengths: [4, 9], randomPerLength: 3 });
    expect(report.byLength.map((s) => s.accuracy)).toEqual([1, 0]);
    expect(report.allCorrect).toBe(false);
    expect(report.regime).toBe('unknown');
  });

  it('skips the lengths it cannot read and those over the bound on work, and says why', () => {
    // Addition's lattices have a cell more than the instance has digits.
    const capped = lengthSweep(new TargetsModel('addition', Infinity, 10), addition, { lengths: [4, 9, 10], randomPerLength: 1 });
    expect(capped.byLength.map((s) => s.length)).toEqual([4, 9]);
    expect(capped.skipped).toEqual([{ length: 10, reason: '11 cells; the model reads at most 10' }]);
    expect(capped.allCorrect).toBe(false);
    const bounded = lengthSweep(new TargetsModel('addition'), addition, { lengths: [4, 30], randomPerLength: 1, maxWork: 100 });
    expect(bounded.byLength.map((s) => s.length)).toEqual([4]);
    expect(bounded.skipped).toEqual([{ length: 30, reason: '9.6e+2 multiply-adds per instance; the bound is 1.0e+2' }]);
    const markdown = reportMarkdown([bounded]);
    expect(markdown).toContain('## addition, oracle');
    expect(markdown).toContain('- Not run at L=30: 9.6e+2 multiply-adds per instance; the bound is 1.0e+2');
    expect(markdown).not.toContain('Engine:');
    expect(reportJson([bounded]).summary).toEqual([expect.objectContaining({ task: 'addition', architecture: 'oracle', length: 4 })]);
  });

  it('refuses a bound on work that is not positive', () => {
    expect(() => lengthSweep(new TargetsModel('parity'), parity, { lengths: [4], maxWork: 0 })).toThrow('maxWork must be a positive number, got 0');
  });
});

describe('a comparison of several models of one task', () => {
  it('tabulates exact match by length and kind for each model, and says where a model was not run', () => {
    const right = lengthSweep(new TargetsModel('parity'), parity, { lengths: [4, 9], randomPerLength: 2 });
    const wrongLong = lengthSweep(new TargetsModel('parity', 6, 5), parity, { lengths: [4, 9], randomPerLength: 2 });
    expect(comparisonTable([right, wrongLong])).toEqual([
      ['Model', 'Params', 'Instances', 'L=4', 'L=9'],
      ['oracle', 7, 'random', '100.0%', '100.0%'],
      ['oracle', 7, 'adversarial', '100.0%', '100.0%'],
      ['oracle', 7, 'random', '100.0%', 'not run'],
      ['oracle', 7, 'adversarial', '100.0%', 'not run'],
    ]);
    // One architecture: the Markdown has no comparison (it is the summary).
    expect(reportMarkdown([right, wrongLong])).not.toContain('## Exact match by length');
  });
});
