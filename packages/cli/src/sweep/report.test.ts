import { describe, expect, it } from 'vitest';
import type { SweepRecord } from './records.js';
import { successPlot, sweepMarkdown } from './report.js';
import { summarize } from './summary.js';

/** One chaos run of parity with hidden width H (10·H parameters). */
const run = (hidden: number, seed: number, certified: boolean): SweepRecord => ({
  task: 'parity',
  shape: { channels: 3, embedding: 1, hidden, radius: 1 },
  params: 10 * hidden,
  sweepRegime: 'chaos',
  regime: 'chaos',
  ignoreRule: false,
  seed,
  budget: { maxSeconds: 5, maxIterations: null },
  solved: certified,
  validated: certified,
  certified,
  judge: 'certificate',
  certification: certified ? 'exact' : 'differs',
  iterations: 1,
  seconds: 1,
});

describe('the sweep report', () => {
  it('states its lower bound as what the grid tried, and only that', () => {
    const above = sweepMarkdown(summarize([run(2, 1, false), run(4, 1, true)]), '5 s', 'sead sweep');
    expect(above).toContain('| C3 E1 H2 r1 | 20 | 0/1 |');
    expect(above).toContain('no configuration below 40 parameters succeeded in the grid tried');
    const atTheBottom = sweepMarkdown(summarize([run(2, 1, true), run(4, 1, true)]), '5 s', 'sead sweep');
    expect(atTheBottom).toContain('The smallest shape tried (20 parameters) had a certified seed, so this grid gives no lower bound at all');
    expect(atTheBottom).not.toContain('no configuration below');
    const none = sweepMarkdown(summarize([run(2, 1, false)]), '5 s', 'sead sweep');
    expect(none).toContain('No run was certified');
  });

  it('plots the best shape of each size per regime, in percent', () => {
    const svg = successPlot(summarize([run(2, 1, false), run(2, 2, true), run(4, 1, true), run(4, 2, true)]));
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('>chaos<');
  });

  it('says how the smallest passing shape of a task without a rule did at 10⁶', () => {
    const judged = (seed: number, exact: boolean): SweepRecord => ({
      ...run(2, seed, true),
      judge: 'sweep to 4096',
      certification: 'not-certified',
      long: { length: 1_000_000, correct: exact ? 6 : 5, total: 6, exact, seconds: 1 },
    });
    const text = sweepMarkdown(summarize([judged(1, true), judged(2, false), run(2, 3, false)]), '5 s', 'sead sweep');
    expect(text).toContain('C3 E1 H2 r1 (20 parameters, chaos: 2/3 certified; run again at L = 1,000,000: 1 of 2 exact on every random and adversarial instance)');
  });

  it('marks the shapes of a task with a rule that no certificate could speak for, and never names them certified', () => {
    const swept = (seed: number): SweepRecord => ({
      ...run(2, seed, true),
      judge: 'sweep to 4096',
      certification: 'not-certified',
      uncertifiable: 'its table of 3.28e11 neighbourhoods is over the 6.71e7 that are compiled',
      long: { length: 1_000_000, correct: 6, total: 6, exact: true, seconds: 1 },
    });
    const text = sweepMarkdown(summarize([swept(1), swept(2), run(4, 1, true)]), '5 s', 'sead sweep');
    expect(text).toContain('| C3 E1 H2 r1 | 20 | 2/2 \\* |');
    expect(text).toContain('\\* No certificate could be had for these runs\' models (e.g. its table of 3.28e11 neighbourhoods is over the 6.71e7 that are compiled)');
    expect(text).toContain('the smallest with any certified seed is C3 E1 H4 r1 (40 parameters');
    expect(text).not.toContain('is C3 E1 H2 r1');
  });
});
