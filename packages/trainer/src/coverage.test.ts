import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '@sead/node';
import { parity, rule110, type Task } from '@sead/tasks';
import { coverageSearch, type CoverageOptions } from './coverage.js';
import { train } from './train.js';
import { validationInstances } from './validate.js';

beforeAll(async () => {
  await useNodeBackend();
});

const options = (task: Task, longCells: number): CoverageOptions => ({
  lengths: [64],
  start: validationInstances(task, 64, 8, 1),
  budget: 300,
  patience: 100,
  longCells,
  longLength: 5000,
  seed: 1,
});

describe('the coverage search', () => {
  it('runs long instances on a fixed-point task even where it covers the whole table: settling far beyond is checked there only', async () => {
    const { model } = await train({ task: parity, regime: 'chaos', seed: 7 });
    const score = coverageSearch(model, parity, options(parity, 20_000));
    expect(score.saturated).toBe(true);
    expect(score.correct).toBe(score.kept);
    expect(score.long).toEqual({ instances: 4, correct: 4, cells: 20_000 });
    expect(coverageSearch(model, parity, options(parity, 0)).long).toBeUndefined();
    model.dispose();
  }, 60_000);

  it('runs none on a rollout, whose long instances would run as many steps as cells', async () => {
    const { model } = await train({ task: rule110, regime: 'chaos', seed: 7 });
    expect(coverageSearch(model, rule110, options(rule110, 20_000)).long).toBeUndefined();
    model.dispose();
  }, 60_000);
});
