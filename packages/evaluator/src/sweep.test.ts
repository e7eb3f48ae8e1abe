import { SeadModel, type TrainingRecord } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { addition, parity, rule110, type Task } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSuites } from './suites.js';
import { DEFAULT_MAX_WORK, lengthSweep, type SweepProgress } from './sweep.js';
import { additionModel, identityModel, parityModel, rule110Model, spreadModel } from './test-models.js';
import { bitTask, settle } from './test-tasks.js';

beforeAll(async () => {
  await useNodeBackend();
});

const identity = bitTask({ id: 'identity', rule: 'identity' });
const spread = bitTask({ id: 'spread', rule: 'spread' });

/** Steps the task's own rule takes to settle each instance of a suite: computed without the model. */
function ruleSteps<I>(task: Task<I, any>, instances: readonly I[]): number[] {
  return instances.map((i) => settle(task.rule!, task.encode(i)).steps);
}

describe('lengthSweep on hand-built models', () => {
  it('reports every instance right for a model that is the identity rule, with one row per suite and length', () => {
    const events: SweepProgress[] = [];
    const report = lengthSweep(identityModel(identity), identity, { lengths: [8, 20], randomPerLength: 6, onProgress: (e) => events.push(e) });
    expect(report.rows.map((r) => [r.length, r.suite, r.correct, r.total, r.converged])).toEqual([
      [8, 'random', 6, 6, 6],
      [8, 'single-one', 2, 2, 2],
      [8, 'all-zeros', 1, 1, 1],
      [20, 'random', 6, 6, 6],
      [20, 'single-one', 2, 2, 2],
      [20, 'all-zeros', 1, 1, 1],
    ]);
    // Every lattice starts at its attractor.
    for (const row of report.rows) expect(row.steps).toEqual({ min: 0, median: 0, max: 0, mean: 0 });
    expect(report.byLength).toEqual([
      // The sparse engine looks at every cell once to find that none changes.
      { length: 8, correct: 9, total: 9, accuracy: 1, randomSteps: 0, adversarialSteps: 0, updatesPerCell: 1 },
      { length: 20, correct: 9, total: 9, accuracy: 1, randomSteps: 0, adversarialSteps: 0, updatesPerCell: 1 },
    ]);
    expect(report.allCorrect).toBe(true);
    expect(report).toMatchObject({ task: 'identity', architecture: 'sead', name: 'identity', parameters: 44, regime: 'discrete', backend: 'cpu', skipped: [] });
    expect(report.settings).toEqual({ lengths: [8, 20], randomPerLength: 6, seed: 0, adversarial: true, maxSteps: null, engine: 'sparse', maxWork: DEFAULT_MAX_WORK });
    // The model computes the identity task's own rule on every neighbourhood: certified exact.
    expect(report.certificate).toMatchObject({ tableEqualsNetwork: true, reference: { exact: true, mismatches: 0 } });
    expect(report.rows.every((r) => r.rollout === undefined)).toBe(true);
    expect(events.map((e) => [e.done, e.total, e.row.suite])).toEqual(report.rows.map((r, k) => [k + 1, 6, r.suite]));
    expect(events.map((e) => e.row)).toEqual(report.rows);
  });

  it('reports failure when the reference disagrees with the model', () => {
    const wrong = bitTask({ id: 'identity', rule: 'identity', wrongSolve: true });
    const report = lengthSweep(identityModel(wrong), wrong, { lengths: [8], randomPerLength: 4 });
    expect(report.rows.map((r) => [r.correct, r.converged, r.total])).toEqual([
      [0, 4, 4],
      [0, 2, 2],
      [0, 1, 1],
    ]);
    expect(report.byLength[0].accuracy).toBe(0);
    expect(report.allCorrect).toBe(false);
  });

  it('reports failure for a model that does not run the rule', () => {
    const report = lengthSweep(identityModel(spread), spread, { lengths: [16], randomPerLength: 8 });
    const single = report.rows.find((r) => r.suite === 'single-one')!;
    expect(single.correct).toBe(0);
    // all-zeros is already spread, so the frozen model is right there: the counts are per instance.
    expect(report.rows.find((r) => r.suite === 'all-zeros')!.correct).toBe(1);
    expect(report.allCorrect).toBe(false);
    expect(report.byLength[0].correct).toBeLessThan(report.byLength[0].total);
  });

  it('measures the steps the rule needs: random rows settle fast, a lone one crosses the lattice', () => {
    const lengths = [16, 64];
    const report = lengthSweep(spreadModel(spread), spread, { lengths, randomPerLength: 10, seed: 5 });
    expect(report.allCorrect).toBe(true);
    for (const length of lengths) {
      const [random, single] = buildSuites(spread, length, { randomPerLength: 10, seed: 5, adversarial: true });
      const expected = ruleSteps(spread, random.instances);
      const row = report.rows.find((r) => r.length === length && r.suite === 'random')!;
      expect(row.steps.min).toBe(Math.min(...expected));
      expect(row.steps.max).toBe(Math.max(...expected));
      expect(row.steps.mean).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / expected.length, 10);
      // A lone one at cell 0 takes L − 1 steps, one at the middle L − 1 − L/2.
      expect(ruleSteps(spread, single.instances)).toEqual([length - 1, length - 1 - length / 2]);
      expect(report.rows.find((r) => r.length === length && r.suite === 'single-one')!.steps).toEqual({
        min: length / 2 - 1,
        median: (length - 1 + length / 2 - 1) / 2,
        max: length - 1,
        mean: (length - 1 + length / 2 - 1) / 2,
      });
      const summary = report.byLength.find((s) => s.length === length)!;
      expect(summary.adversarialSteps).toBe(length - 1);
      expect(summary.randomSteps).toBeLessThan(12);
    }
  });

  it('counts an answer only when its run converged', () => {
    const lenient = bitTask({ id: 'spread', rule: 'spread', acceptAnything: true });
    const report = lengthSweep(spreadModel(lenient), lenient, { lengths: [16], randomPerLength: 0, maxSteps: 10 });
    const single = report.rows.find((r) => r.suite === 'single-one')!;
    // Cell 0's one needs 15 steps and is capped at 10; the middle one needs 7.
    expect(single).toMatchObject({ correct: 1, converged: 1, total: 2, steps: { min: 7, max: 10 } });
    expect(report.settings.maxSteps).toBe(10);
    expect(report.allCorrect).toBe(false);
  });

  it('takes the regime from a training record when given', () => {
    const training: TrainingRecord = { regime: 'chaos', seed: 1, iterations: 10, seconds: 1, validation: {} };
    expect(lengthSweep(identityModel(identity), identity, { lengths: [4], randomPerLength: 1, training }).regime).toBe('chaos');
  });

  it('rejects bad options and a model of another task with one-line errors', () => {
    const model = identityModel(identity);
    expect(() => lengthSweep(model, identity, { lengths: [] })).toThrow(/lengths must be a non-empty list/);
    expect(() => lengthSweep(model, identity, { lengths: [0] })).toThrow(/positive integers, got \[0\]/);
    expect(() => lengthSweep(model, identity, { randomPerLength: -1 })).toThrow(/randomPerLength/);
    expect(() => lengthSweep(model, identity, { maxSteps: 0 })).toThrow(/maxSteps/);
    expect(() => lengthSweep(model, spread, { lengths: [4] })).toThrow(/model was trained for task "identity", not "spread"/);
  });
});

describe('lengthSweep on the built-in tasks', () => {
  it('parity: a hand-built model is exact, and its steps grow with L as the rule says', () => {
    const report = lengthSweep(parityModel(parity), parity, { lengths: [16, 64], randomPerLength: 8 });
    expect(report.allCorrect).toBe(true);
    for (const length of [16, 64]) {
      const suites = buildSuites(parity, length, { randomPerLength: 8, seed: 0, adversarial: true });
      const adversarial = suites.filter((s) => s.kind === 'adversarial').flatMap((s) => ruleSteps(parity, s.instances));
      const summary = report.byLength.find((s) => s.length === length)!;
      expect(summary.adversarialSteps).toBe(Math.max(...adversarial));
      expect(summary.adversarialSteps).toBeGreaterThanOrEqual(length - 1);
    }
  });

  it('parity: a random model gets some wrong', () => {
    const random = SeadModel.create(parity, parity.recipe!.model, 'discrete', 3);
    const report = lengthSweep(random, parity, { lengths: [16], randomPerLength: 16 });
    expect(report.allCorrect).toBe(false);
    expect(report.byLength[0].accuracy).toBeLessThan(1);
  });

  it('addition: random sums settle in a few steps, 99…9 + 1 takes about L', () => {
    const report = lengthSweep(additionModel(addition), addition, { lengths: [16, 64], randomPerLength: 8 });
    expect(report.allCorrect).toBe(true);
    for (const summary of report.byLength) {
      expect(summary.randomSteps).toBeLessThan(8);
      expect(summary.adversarialSteps).toBeGreaterThanOrEqual(summary.length);
    }
    const nines = report.rows.find((r) => r.length === 64 && r.suite === 'nines-plus-one')!;
    expect(nines.steps.max).toBe(ruleSteps(addition, [{ a: '9'.repeat(64), b: '1' }])[0]);
  });

  it('rule110: rows carry step-by-step trajectory agreement, full for the rule and not for a random model', () => {
    const exact = lengthSweep(rule110Model(rule110), rule110, { lengths: [16, 40], randomPerLength: 4 });
    expect(exact.allCorrect).toBe(true);
    for (const row of exact.rows) {
      expect(row.rollout).toEqual({ matched: row.total, total: row.total, steps: row.total * row.length, agreeingSteps: row.total * row.length });
      expect(row.steps).toEqual({ min: row.length, median: row.length, max: row.length, mean: row.length });
    }
    const random = lengthSweep(SeadModel.create(rule110, rule110.recipe!.model, 'discrete', 11), rule110, { lengths: [16], randomPerLength: 4 });
    const randomRow = random.rows.find((r) => r.suite === 'random')!;
    expect(randomRow.rollout!.matched).toBeLessThan(randomRow.total);
    expect(random.allCorrect).toBe(false);
  });
});
