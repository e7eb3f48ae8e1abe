import * as tf from '@tensorflow/tfjs-core';
import { modelFromCheckpoint, SeadModel, startRun, useBackend, type Outcome } from '@sead/core';
import './backend.js';
import { seededRandom, type Task } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_TASKS, shippedCheckpoint } from './catalog.js';
import { DenseRun } from './dense-run.js';

beforeAll(async () => {
  await useBackend('cpu');
  tf.enableProdMode();
});

/** Steps a run to its end, the way the page does. */
async function runToEnd(run: DenseRun): Promise<DenseRun> {
  while (!run.done) await run.step();
  return run;
}

/** The live run must be the dense engine's run to the end, step for step. */
async function expectSameAsRelax(model: SeadModel, task: Task, instance: unknown): Promise<Outcome> {
  const lattice = task.encode(instance);
  const run = await runToEnd(new DenseRun(model, task, lattice));
  const [reference] = startRun(model, task, [lattice], { engine: 'dense', record: true }).toEnd();
  expect({ steps: run.steps, outcome: run.outcome, period: run.period, symbols: run.symbols }).toEqual({
    steps: reference.steps,
    outcome: reference.outcome,
    period: reference.period,
    symbols: reference.symbols,
  });
  expect(run.history).toEqual(reference.history);
  return run.outcome!;
}

describe('DenseRun', () => {
  const shipped = PLAYGROUND_TASKS.filter((entry) => entry.model.kind === 'shipped');

  it.each(shipped.map((entry) => [entry.task.id, entry] as const))('%s: the shipped model, step for step as relax, random and adversarial', async (_, entry) => {
    const model = modelFromCheckpoint(shippedCheckpoint(entry));
    const random = seededRandom(3);
    for (const length of [1, 5, 24]) {
      await expectSameAsRelax(model, entry.task, entry.task.random(length, random));
      for (const { instance } of entry.task.adversarial(length)) await expectSameAsRelax(model, entry.task, instance);
    }
    model.dispose();
  });

  it('ends in cycles and at the step cap as relax does (untrained models)', async () => {
    const parity = shipped[0].task;
    const outcomes = new Set<Outcome>();
    for (let seed = 1; seed <= 12; seed++) {
      const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'discrete', seed);
      for (const bits of ['1', '0110', '1011001110001011']) outcomes.add(await expectSameAsRelax(model, parity, { bits }));
      model.dispose();
    }
    expect(outcomes).toContain('cycle');
  });

  it('counts time and frees its tensors when it ends', async () => {
    const entry = shipped[1];
    const model = modelFromCheckpoint(shippedCheckpoint(entry));
    const before = tf.memory().numTensors;
    const run = await runToEnd(new DenseRun(model, entry.task, entry.task.encode({ a: '999', b: '1' })));
    expect(tf.memory().numTensors).toBe(before);
    expect(run.steps).toBe(3);
    expect(run.computed).toBe(4); // the fourth step finds the fixed point
    expect(run.firstStepMs).toBeGreaterThan(0);
    expect(run.msPerStep).toBeCloseTo(run.milliseconds / 3, 10);
    expect(run.backend).toBe('cpu');
    model.dispose();
  });

  it('refuses a model of another task', () => {
    const [parity, addition] = shipped;
    const model = modelFromCheckpoint(shippedCheckpoint(parity));
    expect(() => new DenseRun(model, addition.task, addition.task.encode({ a: '1', b: '1' }))).toThrow('model was trained for task "parity", not "addition"');
    model.dispose();
  });
});
