import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, multiplication, parity, seededRandom, type Task } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { featureTensor } from '../lattice.js';
import { SeadModel } from '../model/model.js';
import { embed, stepLogits } from '../step.js';
import { stepBody, unrollShape, type StepOutput } from './cell-codegen.js';
import { compositeLogits, disposePrepared, prepareStep, preparedLogits, preparedRelaxStep, SeadRelaxStep, SeadStep } from './sead-step.js';
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

/** The grids of the grid tests: rows × columns, with one row, one column, uneven sides and a window wider than the grid. */
const GRIDS: Array<[rows: number, columns: number]> = [[1, 5], [4, 1], [3, 5], [2, 2]];

describe('SeadStep and SeadRelaxStep on grids', () => {
  // Random drives, not a task's: every window position of every tap is exercised.
  it.each([1, 2].flatMap((radius) => GRIDS.map(([rows, columns]) => [radius, rows, columns])))('fused and the equation agree (radius %i, %i × %i)', (radius, rows, columns) => {
    const random = seededRandom(100 * radius + 10 * rows + columns);
    const [B, L, C, E] = [3, rows * columns, 5, 2];
    const model = SeadModel.create(multiplication, { channels: C, embedding: E, hidden: 6, radius }, 'continuous', radius + rows);
    expect(model.weights.W1.shape[0]).toBe((2 * radius + 1) ** 2);
    tf.tidy(() => {
      const e = tf.tensor3d(Float32Array.from({ length: B * L * E }, () => 2 * random() - 1), [B, L, E]);
      const h = tf.tensor3d(Float32Array.from({ length: B * L * C }, () => random()), [B, L, C]);
      const prepared = prepareStep(model.weights, e, radius, columns);
      const fused = preparedLogits(prepared, h).dataSync();
      const equation = stepLogits(model.weights, e, h, radius, columns).dataSync();
      expect(fused.length).toBe(B * L * C);
      equation.forEach((v, k) => expect(fused[k], `logit ${k}`).toBeCloseTo(v, 4));
      const [next, moved] = preparedRelaxStep(prepared, h);
      const expectedNext = tf.sigmoid(compositeLogits(prepared, h));
      const expectedMoved = tf.max(tf.abs(tf.sub(expectedNext, h)), [1, 2]).dataSync();
      const n = next.dataSync();
      expectedNext.dataSync().forEach((v, k) => expect(n[k]).toBeCloseTo(v, 5));
      moved.dataSync().forEach((v, b) => expect(v).toBeCloseTo(expectedMoved[b], 5));
    });
    model.dispose();
  });

  it('steps through the fused kernels, not conv2d', async () => {
    const model = SeadModel.create(multiplication, { channels: 5, embedding: 2, hidden: 6, radius: 1 }, 'continuous', 2);
    const e = tf.fill([2, 12, 2], 0.3) as tf.Tensor3D;
    const h = tf.fill([2, 12, 5], 0.2) as tf.Tensor3D;
    const prepared = prepareStep(model.weights, e, 1, 4);
    expect((await tf.profile(() => preparedLogits(prepared, h))).kernelNames).toEqual([SeadStep]);
    expect((await tf.profile(() => preparedRelaxStep(prepared, h))).kernelNames).toEqual([SeadRelaxStep]);
    disposePrepared(prepared);
    tf.dispose([e, h]);
    model.dispose();
  });

  it('refuses taps that are not the window’s', () => {
    const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'continuous', 1);
    tf.tidy(() => {
      const e = tf.zeros([1, 6, 2]) as tf.Tensor3D;
      const prepared = prepareStep(model.weights, e, 1);
      // A row model's three taps on a grid, which reads nine.
      expect(() => preparedLogits({ ...prepared, columns: 3 }, tf.zeros([1, 6, 3]) as tf.Tensor3D)).toThrow(/3 taps, but the grid window of radius 1 has 9/);
    });
    model.dispose();
  });
});

describe('generated step', () => {
  // The same operations in the same order: the generated pass must equal the loops bit for bit.
  it.each([
    [3, 5, 1, false, 'logits'],
    [3, 5, 1, false, 'relax'],
    [2, 4, 2, false, 'relax'],
    [4, 8, 3, false, 'logits'],
    [3, 5, 1, true, 'logits'],
    [5, 6, 1, true, 'relax'],
    [2, 4, 2, true, 'relax'],
  ] as Array<[number, number, number, boolean, StepOutput]>)('equals the loops exactly for C=%i H=%i r=%i, grid %s, %s', (C, H, r, grid, output) => {
    const shape = unrollShape(C, H, r, grid);
    const K = shape.offsets.length;
    const random = seededRandom(C * 10 + r);
    // Rows: 3 rows of 5 cells. Grids: 3 grids of 3 rows × 5 columns, uneven sides.
    const [B, L, columns] = grid ? [3, 15, 5] : [3, 5, 5];
    const values = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (2 * random() - 1) * scale);
    const args = [values(B * L * H), values(K * C * H), values(H * H), values(H, 0.2), values(H * C), values(C, 0.2)] as const;
    const h = Float32Array.from({ length: B * L * C }, () => random());
    const [generated, loops] = [stepBody(shape, output)!, stepLoops(shape, output)].map((body) => {
      const out = new Float32Array(B * L * C);
      const delta = output === 'relax' ? new Float32Array(B) : null;
      body(B, L, columns, ...args, h, out, delta);
      return { out, delta };
    });
    expect(generated.out).toEqual(loops.out);
    expect(generated.delta).toEqual(loops.delta);
    expect(generated.out.some((v) => v !== 0)).toBe(true);
    if (output === 'relax') expect(generated.delta!.every((v) => v > 0)).toBe(true);
  });
});
