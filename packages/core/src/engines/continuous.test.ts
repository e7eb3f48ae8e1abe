import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addition, parity, type Task } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { modelFromCheckpoint, parseCheckpoint } from '../checkpoint/checkpoint.js';
import { registerJsStepKernel } from '../kernels/sead-step-js.js';
import { SeadModel } from '../model/model.js';
import type { RunResult } from '../run/result.js';
import { relaxBatch, relaxWith } from '../test-models.js';


beforeAll(async () => {
  await useBackend('cpu');
  // As the package entry does: the dense engine's cpu step, which the sparse one repeats.
  registerJsStepKernel('cpu');
});

/**
 * Continuous models trained by `sead train --regime relax-continuous --seed 7` (parity to 100%; addition
 * stopped after 300 iterations, short of it): trained weights, with the saturated states and
 * slow tails that training gives and random weights do not.
 */
function trained(task: Task): SeadModel {
  const text = readFileSync(new URL(`../../test-fixtures/${task.id}-relax-continuous.json`, import.meta.url), 'utf8');
  return modelFromCheckpoint(parseCheckpoint(text, `${task.id}-relax-continuous.json`, task));
}

/** Everything the two engines must agree on, run for run and step by step. */
const summary = (r: RunResult) => ({
  symbols: Array.from(r.symbols),
  steps: r.steps,
  outcome: r.outcome,
  converged: r.converged,
  history: r.history?.map((h) => Array.from(h)),
});

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('sparse engine, continuous models', () => {
  it.each([
    ['parity', parity],
    ['addition', addition],
  ] as Array<[string, Task<any, any>]>)('agrees with the dense engine on random untrained models and random %s instances, any radius', (_id, task) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 200 }),
        (modelSeed, radius, length, instanceSeed, maxSteps) => {
          const shape = { channels: task.stateSymbols.length + (modelSeed % 2), embedding: 2, hidden: 4, radius };
          const model = SeadModel.create(task, shape, 'continuous', modelSeed);
          const random = lcg(instanceSeed);
          const lattices = Array.from({ length: 3 }, () => task.encode(task.random(length, random)));
          const options = { maxSteps, record: true };
          const dense = relaxBatch(model, task, lattices, options);
          const sparse = relaxWith('sparse', model, task, lattices, options);
          lattices.forEach((_, k) => expect(summary(sparse[k])).toEqual(summary(dense[k])));
          model.dispose();
        },
      ),
      { numRuns: 40, seed: 20261124 },
    );
  }, 120_000);

  it.each([
    ['parity', parity],
    ['addition', addition],
  ] as Array<[string, Task<any, any>]>)('agrees with the dense engine on a trained %s model, random and adversarial instances', (_id, task) => {
    const model = trained(task);
    const random = lcg(5);
    for (const length of [1, 2, 7, 40, 300]) {
      const instances = [...Array.from({ length: 4 }, () => task.random(length, random)), ...task.adversarial(length).map((a) => a.instance)];
      const byLength = new Map<number, ReturnType<Task['encode']>[]>();
      for (const lattice of instances.map((x) => task.encode(x))) byLength.set(lattice.length, [...(byLength.get(lattice.length) ?? []), lattice]);
      for (const lattices of byLength.values()) {
        const options = { record: length <= 40 };
        const dense = relaxBatch(model, task, lattices, options);
        const sparse = relaxWith('sparse', model, task, lattices, options);
        lattices.forEach((_, k) => expect(summary(sparse[k])).toEqual(summary(dense[k])));
      }
    }
    model.dispose();
  }, 120_000);

  it('answers 2,000 bits with the trained parity model, as the dense engine does', () => {
    const model = trained(parity);
    const bits = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 5 === 0 ? '1' : '0')).join('');
    const [sparse] = relaxWith('sparse', model, parity, [parity.encode({ bits })]);
    expect(sparse.converged).toBe(true);
    expect(parity.decode({ bits }, sparse.symbols)).toBe(parity.solve({ bits }));
    const [dense] = relaxBatch(model, parity, [parity.encode({ bits })]);
    expect(summary(sparse)).toEqual(summary(dense));
    model.dispose();
  }, 120_000);
});
