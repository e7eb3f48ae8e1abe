import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, parity, rule110, seededRandom } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { SeadModel } from '../model/model.js';
import { defaultMaxSteps } from '../run/result.js';
import { predictMany } from '../predict.js';
import { flipModel, identityModel, relax, relaxBatch, SMALL, smallFor } from '../test-models.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('discrete relax', () => {
  it('stops at once on a lattice that is already a fixed point', () => {
    const model = identityModel();
    const result = relax(model, addition, addition.encode({ a: '123', b: '456' }));
    expect(result).toMatchObject({ steps: 0, converged: true, outcome: 'fixed-point' });
    expect(Array.from(result.symbols)).toEqual([0, 0, 0, 0]);
    model.dispose();
  });

  it('detects a cycle and its period', () => {
    const model = flipModel();
    const result = relax(model, addition, addition.encode({ a: '5', b: '5' }));
    expect(result).toMatchObject({ converged: false, outcome: 'cycle', period: 2, steps: 2 });
    model.dispose();
  });

  it('runs a rollout for exactly its steps and records every one', () => {
    const model = SeadModel.create(rule110, SMALL, 'discrete', 3);
    const result = relax(model, rule110, rule110.encode({ cells: '0110100', steps: 5 }), { record: true });
    expect(result).toMatchObject({ steps: 5, outcome: 'rollout', converged: true });
    expect(result.history).toHaveLength(6);
    expect(Array.from(result.history![0])).toEqual([0, 1, 1, 0, 1, 0, 0]);
    expect(Array.from(result.history![5])).toEqual(Array.from(result.symbols));
    model.dispose();
  });

  it('gives each lattice of a batch the result it gets alone', () => {
    const model = SeadModel.create(addition, SMALL, 'discrete', 11);
    const random = seededRandom(5);
    const lattices = Array.from({ length: 6 }, () => addition.encode(addition.random(12, random)));
    const together = relaxBatch(model, addition, lattices);
    lattices.forEach((lattice, k) => {
      const alone = relax(model, addition, lattice);
      expect(alone.steps).toBe(together[k].steps);
      expect(alone.outcome).toBe(together[k].outcome);
      expect(Array.from(alone.symbols)).toEqual(Array.from(together[k].symbols));
    });
    model.dispose();
  });
});

describe('continuous relax', () => {
  it('converges per lattice, freezes settled ones, and honours the step cap', () => {
    const model = SeadModel.create(parity, smallFor(parity), 'continuous', 2);
    const random = seededRandom(9);
    const lattices = Array.from({ length: 4 }, () => parity.encode(parity.random(10, random)));
    const together = relaxBatch(model, parity, lattices);
    lattices.forEach((lattice, k) => {
      const alone = relax(model, parity, lattice);
      expect(alone.steps).toBe(together[k].steps);
      expect(Array.from(alone.symbols)).toEqual(Array.from(together[k].symbols));
    });
    const capped = relax(model, parity, lattices[0], { maxSteps: 1 });
    if (together[0].steps > 1) expect(capped).toMatchObject({ converged: false, outcome: 'step-cap', steps: 1 });
    expect(defaultMaxSteps(100)).toBe(264);
    model.dispose();
  });

  it('rejects a continuous model for a rollout task', () => {
    expect(() => SeadModel.create(rule110, SMALL, 'continuous', 1)).toThrow(/discrete/);
    expect(() => SeadModel.create(parity, SMALL, 'continuous', 1)).toThrow(/reads its 3 symbols from 3 channels; it needs at least 3, got 2/);
  });
});

describe('predict', () => {
  it('answers in input order across lengths and checks the task', () => {
    const model = identityModel();
    const instances = [{ a: '1', b: '2' }, { a: '123', b: '4' }, { a: '5', b: '3' }];
    const out = predictMany(model, addition, instances, { batchSize: 1 });
    // The identity model never carries: digit-wise sums without carry.
    expect(out.map((p) => p.output)).toEqual(['3', '127', '8']);
    expect(() => predictMany(model, parity, [{ bits: '01' }])).toThrow(/trained for task "addition"/);
    model.dispose();
  });

  it('leaks no tensors', () => {
    const model = SeadModel.create(parity, smallFor(parity), 'continuous', 4);
    const before = tf.memory().numTensors;
    predictMany(model, parity, [{ bits: '0110' }, { bits: '1' }]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
