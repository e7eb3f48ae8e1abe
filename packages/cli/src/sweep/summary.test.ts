import { describe, expect, it } from 'vitest';
import type { SweepRegime } from './grid.js';
import type { SweepRecord } from './records.js';
import { summarize } from './summary.js';

/** `count` seeds of a shape in a regime, the first `certified` of them certified. */
function runs(hidden: number, regime: SweepRegime, certified: number, count = 10): SweepRecord[] {
  return Array.from({ length: count }, (_, k) => ({
    task: 'parity',
    shape: { channels: 3, embedding: 2, hidden, radius: 1 },
    params: 10 * hidden,
    sweepRegime: regime,
    regime: regime === 'chaos' ? 'chaos' : 'relax',
    ignoreRule: regime === 'relax-ignore-rule',
    seed: k + 1,
    budget: { maxSeconds: 10, maxIterations: null },
    solved: k < certified,
    validated: k < certified,
    certified: k < certified,
    judge: 'certificate' as const,
    certification: k < certified ? 'exact' : 'differs',
    iterations: 10,
    seconds: 1,
  }));
}

describe('summarize', () => {
  it('names the smallest shape certified in 9 of 10 seeds and the smallest with any, per regime and overall', () => {
    const [summary] = summarize([...runs(4, 'chaos', 10), ...runs(2, 'chaos', 8), ...runs(1, 'chaos', 0), ...runs(3, 'relax-ignore-rule', 9), ...runs(1, 'relax-ignore-rule', 1)]);
    expect(summary.regimes).toEqual(['chaos', 'relax-ignore-rule']);
    expect(summary.shapes.map((s) => s.params)).toEqual([10, 20, 30, 40]);
    const chaos = summary.smallest.get('chaos')!;
    expect(chaos.reliable).toMatchObject({ params: 40, certified: 10, runs: 10 });
    expect(chaos.any).toMatchObject({ params: 20, certified: 8 });
    const any = summary.smallest.get('any')!;
    expect(any.reliable).toMatchObject({ params: 30, regime: 'relax-ignore-rule', certified: 9 });
    expect(any.any).toMatchObject({ params: 10, regime: 'relax-ignore-rule', certified: 1 });
  });

  it('finds nothing where nothing was certified', () => {
    const [summary] = summarize(runs(2, 'chaos', 0));
    expect(summary.smallest.get('any')).toEqual({ reliable: undefined, any: undefined });
  });
});
