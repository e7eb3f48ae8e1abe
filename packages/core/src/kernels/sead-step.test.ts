import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, parity, seededRandom, type Task } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { featureTensor } from '../lattice.js';
import { SeadModel } from '../model.js';
import { embed, stepLogits } from '../step.js';
import { compositeLogits, prepareStep, preparedLogits, SeadStep } from './sead-step.js';
import { registerJsStepKernel } from './sead-step-js.js';

beforeAll(async () => {
  await useBackend('cpu');
  registerJsStepKernel('cpu');
});

describe('SeadStep', () => {
  it.each([1, 2, 3])('fused, composite and the equation agree (radius %i)', (radius) => {
    const random = seededRandom(radius);
    for (const [task, mode] of [[parity, 'continuous'], [addition, 'discrete']] as Array<[Task, 'continuous' | 'discrete']>) {
      const model = SeadModel.create(task, { channels: task.stateSymbols.length, embedding: 3, hidden: 5, radius }, mode, 40 + radius);
      const lattices = Array.from({ length: 3 }, () => task.encode(task.random(9, random)));
      const L = lattices[0].length;
      const C = task.stateSymbols.length;
      const h = tf.tensor3d(Float32Array.from({ length: 3 * L * C }, () => random()), [3, L, C]);
      const e = embed(model.weights, featureTensor(task, lattices));
      const prepared = prepareStep(model.weights, e, radius);
      expect(tf.getKernel(SeadStep, 'cpu')).toBeDefined();
      const fused = preparedLogits(prepared, h).arraySync();
      const composite = compositeLogits(prepared, h).arraySync();
      const equation = stepLogits(model.weights, e, h, radius).arraySync();
      expect(fused).toHaveLength(3);
      for (let b = 0; b < 3; b++) {
        for (let i = 0; i < L; i++) {
          for (let c = 0; c < C; c++) {
            expect(fused[b][i][c]).toBeCloseTo(equation[b][i][c], 4);
            expect(composite[b][i][c]).toBeCloseTo(equation[b][i][c], 4);
          }
        }
      }
      model.dispose();
    }
  });
});
