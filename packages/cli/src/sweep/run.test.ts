import { useNodeBackend } from '@sead/node';
import { addition, defineTask, parity } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSpec } from './grid.js';
import { sweepRun } from './run.js';

/** Parity as a task without a reference rule: nothing to certify against, so the judge is a length sweep. */
const examplesOnly = defineTask({ ...parity, id: 'parity-examples', rule: undefined, recipe: { ...parity.recipe!, regime: 'relax' } });

const spec = (seed: number, maxIterations: number): RunSpec => ({
  task: examplesOnly.id,
  features: 'default',
  shape: { channels: 3, embedding: 2, hidden: 4, radius: 1 },
  params: 97,
  regime: 'relax',
  seed,
  budget: { maxSeconds: 600, maxIterations },
});

beforeAll(async () => {
  await useNodeBackend();
});

describe('a sweep run of a task without a rule', () => {
  it('is judged by the sweep to 4096 once it validates', async () => {
    const record = await sweepRun(examplesOnly, spec(3, 1000));
    expect(record).toMatchObject({ judge: 'sweep to 4096', validated: true, certified: true, certification: 'not-certified', ignoreRule: false, params: 97 });
    // Then run at 10⁶: two random instances and one of each adversarial family, every one exact.
    expect(record.long).toMatchObject({ length: 1_000_000, exact: true, total: 2 + examplesOnly.adversarial(16).length });
    expect(record.long!.correct).toBe(record.long!.total);
  });

  it('is not certified when it did not validate, and not run at 10⁶', async () => {
    const record = await sweepRun(examplesOnly, spec(3, 20));
    expect(record).toMatchObject({ judge: 'sweep to 4096', validated: false, certified: false, iterations: 20 });
    expect(record.long).toBeUndefined();
  });

  it('trains the model on the feature set of its spec, and records which', async () => {
    const record = await sweepRun(examplesOnly, { ...spec(3, 20), features: 'bit', params: 95 });
    // One input feature instead of two: E = 2 parameters fewer.
    expect(record).toMatchObject({ task: 'parity-examples', features: 'bit', params: 95, iterations: 20 });
  });
});

describe('a sweep run whose model no certificate can speak for', () => {
  it('is judged by the sweep to 4096 on the network instead, says why, and why it was not run at 10⁶', async () => {
    // Addition at r = 2: 100 tokens, a table of 3.28·10¹¹ windows, over what is compiled.
    const record = await sweepRun(addition, { task: 'addition', features: 'default', shape: { channels: 2, embedding: 1, hidden: 1, radius: 2 }, params: 22, regime: 'chaos', seed: 3, budget: { maxSeconds: 600, maxIterations: 4000 } });
    expect(record).toMatchObject({ judge: 'sweep to 4096', validated: true, certification: 'not-certified', uncertifiable: expect.stringMatching(/^its table of 3\.28e11 neighbourhoods .* is over the .* that are compiled$/) });
    expect(record.certified).toBe(true);
    // Not on the network alone: a carry across 10⁶ digits would take 10¹² cell updates.
    expect(record.long).toMatchObject({ length: 1_000_000, exact: false, total: 0, skipped: expect.stringContaining('over the bound on compiling') });
  }, 120_000);
});
