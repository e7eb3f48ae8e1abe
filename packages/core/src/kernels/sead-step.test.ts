import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, parity, seededRandom, type Task } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { featureTensor } from '../lattice.js';
import { SeadModel } from '../model/model.js';
import { embed, stepLogits } from '../step.js';
import { stepBody, type StepOutput, type UnrollShape } from './cell-codegen.js';
import { compositeLogits, prepareStep, preparedLogits, preparedRelaxStep, SeadRelaxStep, SeadStep } from './sead-step.js';
import { registerJsStepKernel, stepLoops } from './sead-step-js.js';

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

describe('SeadRelaxStep', () => {
  it.each([1, 2])('fused gives the composite next state and move (radius %i)', (radius) => {
    const random = seededRandom(10 + radius);
    const task = parity;
    const model = SeadModel.create(task, { channels: 3, embedding: 3, hidden: 5, radius }, 'continuous', 7);
    const lattices = Array.from({ length: 4 }, () => task.encode(task.random(7, random)));
    const L = lattices[0].length;
    tf.tidy(() => {
      const h = tf.tensor3d(Float32Array.from({ length: 4 * L * 3 }, () => random()), [4, L, 3]);
      const prepared = prepareStep(model.weights, embed(model.weights, featureTensor(task, lattices)), radius);
      expect(tf.getKernel(SeadRelaxStep, 'cpu')).toBeDefined();
      const [next, moved] = preparedRelaxStep(prepared, h);
      const expectedNext = tf.sigmoid(compositeLogits(prepared, h));
      const expectedMoved = tf.max(tf.abs(tf.sub(expectedNext, h)), [1, 2]).dataSync();
      const n = next.dataSync();
      expectedNext.dataSync().forEach((v, k) => expect(n[k]).toBeCloseTo(v, 5));
      expect(moved.shape).toEqual([4]);
      moved.dataSync().forEach((v, b) => expect(v).toBeCloseTo(expectedMoved[b], 5));
    });
    model.dispose();
  });
});

describe('generated step', () => {
  // The same operations in the same order: the generated pass must equal the loops bit for bit.
  it.each([
    [{ C: 3, H: 5, r: 1 }, 'logits'],
    [{ C: 3, H: 5, r: 1 }, 'relax'],
    [{ C: 2, H: 4, r: 2 }, 'relax'],
    [{ C: 4, H: 8, r: 3 }, 'logits'],
  ] as Array<[UnrollShape, StepOutput]>)('equals the loops exactly for %o, %s', (shape, output) => {
    const { C, H, r } = shape;
    const random = seededRandom(C * 10 + r);
    const [B, L] = [3, 5];
    const values = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (2 * random() - 1) * scale);
    const args = [values(B * L * H), values((2 * r + 1) * C * H), values(H * H), values(H, 0.2), values(H * C), values(C, 0.2)] as const;
    const h = Float32Array.from({ length: B * L * C }, () => random());
    const [generated, loops] = [stepBody(shape, output)!, stepLoops(shape, output)].map((body) => {
      const out = new Float32Array(B * L * C);
      const delta = output === 'relax' ? new Float32Array(B) : null;
      body(B, L, ...args, h, out, delta);
      return { out, delta };
    });
    expect(generated.out).toEqual(loops.out);
    expect(generated.delta).toEqual(loops.delta);
    expect(generated.out.some((v) => v !== 0)).toBe(true);
    if (output === 'relax') expect(generated.delta!.every((v) => v > 0)).toBe(true);
  });
});
