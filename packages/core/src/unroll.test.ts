import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, multiplication, parity, seededRandom, type Lattice, type Random, type Task } from '@sead/tasks';
import { useBackend } from './backend.js';
import { WEIGHT_NAMES, type WeightName } from './model/config.js';
import { featureTensor, oneHotStates } from './lattice.js';
import { startRun } from './engines/engines.js';
import { SeadModel, type ModelShape } from './model/model.js';
import { registerJsUnrollKernels } from './kernels/sead-unroll-js.js';
import { SeadProjectedUnroll, SeadUnroll } from './kernels/sead-unroll.js';
import { compositeProjectedUnroll, compositeUnroll, hasFusedProjectedUnroll, hasFusedUnroll, projectedUnrollLogits, unrollLogits } from './unroll.js';
import type { SeadWeights } from './model/weights.js';

beforeAll(async () => {
  await useBackend('cpu');
  registerJsUnrollKernels('cpu');
});

type Unroll = typeof unrollLogits;

/** Logits and the gradients of Σ dy ⊙ logits with respect to the features, h0 and every weight (grids: `columns` a row). */
function logitsAndGrads(unroll: Unroll, model: SeadModel, x: tf.Tensor3D, h0: tf.Tensor3D, steps: number, dy: tf.Tensor3D, columns?: number) {
  const { radius } = model.config;
  const weights = WEIGHT_NAMES.map((n) => model.weights[n]);
  const f = (xIn: tf.Tensor3D, hIn: tf.Tensor3D, ...w: tf.Tensor[]) => {
    const named = Object.fromEntries(WEIGHT_NAMES.map((n, k) => [n, w[k]])) as unknown as SeadWeights;
    return unroll(named, xIn, hIn, radius, steps, columns);
  };
  const logits = f(x, h0, ...weights).arraySync();
  const grads = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, h0, ...weights], dy);
  return { logits, grads: grads.map((g) => Array.from(g.dataSync())) };
}

/**
 * The fused kernels' logits against the composite's, to 4 decimals, and each gradient within 1e-4
 * of its reference's largest entry; with `nonzero`, no reference gradient is all zero.
 */
function expectAgree(fused: { logits: number[]; grads: number[][] }, composite: { logits: number[]; grads: number[][] }, names: readonly string[], nonzero = false) {
  expect(fused.logits.length).toBe(composite.logits.length);
  fused.logits.forEach((v, k) => expect(v).toBeCloseTo(composite.logits[k], 4));
  fused.grads.forEach((g, k) => {
    const reference = composite.grads[k];
    const scale = Math.max(1e-3, ...reference.map(Math.abs));
    expect(g.length, names[k]).toBe(reference.length);
    if (nonzero) expect(reference.some((v) => v !== 0), `${names[k]} is not all zero`).toBe(true);
    g.forEach((v, n) => expect(Math.abs(v - reference[n]) / scale, `${names[k]}[${n}]`).toBeLessThan(1e-4));
  });
}

/** B random grids of rows × columns cells of the task's tokens. */
function randomGrids(task: Task, B: number, rows: number, columns: number, random: Random): Lattice[] {
  const V = task.inputAlphabet.length;
  return Array.from({ length: B }, () => ({ length: rows * columns, columns, tokens: Uint8Array.from({ length: rows * columns }, () => Math.floor(random() * V)) }));
}

/**
 * Grid cases: radius, rows, columns, batch, steps, hidden units. One row, one column, uneven sides,
 * a window wider than the grid, and a cell too large to unroll (the loops).
 */
const gridCases: Array<[number, number, number, number, number, number]> = [
  [1, 1, 5, 2, 3, 5],
  [1, 4, 1, 3, 2, 5],
  [1, 3, 5, 2, 4, 5],
  [2, 3, 5, 2, 3, 5],
  [2, 2, 3, 3, 2, 5],
  [2, 1, 6, 2, 1, 5],
  [2, 3, 4, 2, 2, 24],
];

const cases: Array<[string, Task, ModelShape, number, number, number]> = [
  // task, shape, batch, length, steps
  ['parity', parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 3, 6, 5],
  ['addition', addition, { channels: 2, embedding: 3, hidden: 6, radius: 2 }, 2, 4, 3],
  ['addition, one step', addition, { channels: 2, embedding: 3, hidden: 5, radius: 1 }, 4, 5, 1],
  ['parity, one cell, radius 3', parity, { channels: 3, embedding: 2, hidden: 3, radius: 3 }, 2, 1, 4],
  ['parity, too large to unroll', parity, { channels: 16, embedding: 4, hidden: 32, radius: 2 }, 1, 5, 2],
];

describe('SeadUnroll', () => {
  it.each(cases)('the fused kernels agree with the composite, forward and back (%s)', (_name, task, shape, B, length, steps) => {
    expect(hasFusedUnroll()).toBe(true);
    const random = seededRandom(B * 31 + length);
    const model = SeadModel.create(task, shape, 'continuous', length);
    const lattices = Array.from({ length: B }, () => task.encode(task.random(length, random)));
    const L = lattices[0].length;
    const C = shape.channels;
    tf.tidy(() => {
      const x = featureTensor(task, lattices);
      const h0 = tf.tensor3d(Float32Array.from({ length: B * L * C }, () => random()), [B, L, C]);
      const dy = tf.tensor3d(Float32Array.from({ length: B * L * C }, () => 2 * random() - 1), [B, L, C]);
      const fused = logitsAndGrads(unrollLogits, model, x, h0, steps, dy);
      const composite = logitsAndGrads(compositeUnroll, model, x, h0, steps, dy);
      expect(fused.logits.flat(2).length).toBe(B * L * C);
      expectAgree({ ...fused, logits: fused.logits.flat(2) }, { ...composite, logits: composite.logits.flat(2) }, ['x', 'h0', ...WEIGHT_NAMES]);
    });
    model.dispose();
  });

  it.each([
    // task, lattices, the finite difference's step: the grids meet a relu kink within 1e-2 of b_2[3].
    ['rows', parity, (random: Random) => Array.from({ length: 2 }, () => parity.encode(parity.random(5, random))), 1e-2],
    ['3 × 4 grids', multiplication, (random: Random) => randomGrids(multiplication, 2, 3, 4, random), 1e-3],
  ] as Array<[string, Task, (random: Random) => Lattice[], number]>)('its gradient matches central finite differences (%s)', (_name, task, latticesOf, eps) => {
    const random = seededRandom(5);
    const C = task.stateSymbols.length;
    const model = SeadModel.create(task, { channels: C, embedding: 2, hidden: 4, radius: 1 }, 'continuous', 9);
    const lattices = latticesOf(random);
    const { columns } = lattices[0];
    const [B, L, steps] = [2, lattices[0].length, 4];
    const x = featureTensor(task, lattices);
    const h0 = tf.fill([B, L, C], 0.5) as tf.Tensor3D;
    const dy = tf.tensor3d(Float32Array.from({ length: B * L * C }, () => 2 * random() - 1), [B, L, C]);
    const { grads } = logitsAndGrads(unrollLogits, model, x, h0, steps, dy, columns);
    const dyValues = dy.dataSync();
    const objective = () => tf.tidy(() => Array.from(unrollLogits(model.weights, x, h0, 1, steps, columns).dataSync()).reduce((s, v, k) => s + v * dyValues[k], 0));
    let checked = 0;
    WEIGHT_NAMES.forEach((name: WeightName, w) => {
      const variable = model.weights[name];
      const base = Float32Array.from(variable.dataSync());
      for (let k = 0; k < base.length; k += 3) {
        const at = (delta: number) => {
          const p = base.slice();
          p[k] += delta;
          variable.assign(tf.tensor(p, variable.shape));
          return objective();
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        variable.assign(tf.tensor(base, variable.shape));
        expect(Math.abs(numeric - grads[w + 2][k]), `${name}[${k}]: numeric ${numeric}, analytic ${grads[w + 2][k]}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(20);
    tf.dispose([x, h0, dy]);
    model.dispose();
  });

  it.each(gridCases)('the fused kernels agree with the composite on grids, forward and back (radius %i, %i × %i, batch %i, %i steps, %i hidden)', (radius, rows, columns, B, steps, hidden) => {
    const random = seededRandom(radius * 1000 + rows * 100 + columns * 10 + B);
    const C = multiplication.stateSymbols.length;
    const model = SeadModel.create(multiplication, { channels: C, embedding: 2, hidden, radius }, 'continuous', rows + columns);
    const L = rows * columns;
    tf.tidy(() => {
      const x = featureTensor(multiplication, randomGrids(multiplication, B, rows, columns, random));
      const h0 = tf.tensor3d(Float32Array.from({ length: B * L * C }, () => random()), [B, L, C]);
      const dy = tf.tensor3d(Float32Array.from({ length: B * L * C }, () => 2 * random() - 1), [B, L, C]);
      const fused = logitsAndGrads(unrollLogits, model, x, h0, steps, dy, columns);
      const composite = logitsAndGrads(compositeUnroll, model, x, h0, steps, dy, columns);
      expect(fused.logits.flat(2).length).toBe(B * L * C);
      expectAgree({ ...fused, logits: fused.logits.flat(2) }, { ...composite, logits: composite.logits.flat(2) }, ['x', 'h0', ...WEIGHT_NAMES], true);
    });
    model.dispose();
  });

  it('refuses a step count below one', () => {
    const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'continuous', 1);
    const x = featureTensor(parity, [parity.encode(parity.random(3, seededRandom(1)))]);
    const h0 = tf.fill([1, x.shape[1], 3], 0.5) as tf.Tensor3D;
    expect(() => unrollLogits(model.weights, x, h0, 1, 0)).toThrow(/steps must be an integer ≥ 1, got 0/);
    tf.dispose([x, h0]);
    model.dispose();
  });
});

describe('SeadProjectedUnroll', () => {
  type Projected = typeof projectedUnrollLogits;

  /** Every step's logits and the gradients of Σ dy ⊙ logits with respect to every weight. */
  function projectedAndGrads(unroll: Projected, model: SeadModel, x: tf.Tensor3D, h0: tf.Tensor3D, steps: number, dy: tf.Tensor4D, columns?: number) {
    const weights = WEIGHT_NAMES.map((n) => model.weights[n]);
    const f = (...w: tf.Tensor[]) => unroll(Object.fromEntries(WEIGHT_NAMES.map((n, k) => [n, w[k]])) as unknown as SeadWeights, x, h0, model.config.radius, steps, columns);
    const logits = Array.from(f(...weights).dataSync());
    const grads = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)(weights, dy);
    return { logits, grads: grads.map((g) => Array.from(g.dataSync())) };
  }

  it.each(cases)('the fused kernels agree with the composite, forward and back (%s)', (_name, task, shape, B, length, steps) => {
    expect(hasFusedProjectedUnroll()).toBe(true);
    const random = seededRandom(B * 37 + length);
    const model = SeadModel.create(task, { ...shape, channels: task.stateSymbols.length }, 'discrete', length + 1);
    const lattices = Array.from({ length: B }, () => task.encode(task.random(length, random)));
    const L = lattices[0].length;
    const S = task.stateSymbols.length;
    tf.tidy(() => {
      const x = featureTensor(task, lattices);
      const h0 = oneHotStates(Uint8Array.from({ length: B * L }, () => Math.floor(random() * S)), B, L, S);
      const dy = tf.tensor4d(Float32Array.from({ length: steps * B * L * S }, () => 2 * random() - 1), [steps, B, L, S]);
      const fused = projectedAndGrads(projectedUnrollLogits, model, x, h0, steps, dy);
      const composite = projectedAndGrads(compositeProjectedUnroll, model, x, h0, steps, dy);
      expect(fused.logits.length).toBe(steps * B * L * S);
      expectAgree(fused, composite, WEIGHT_NAMES);
    });
    model.dispose();
  });

  it.each(gridCases)('the fused kernels agree with the composite on grids, forward and back (radius %i, %i × %i, batch %i, %i steps, %i hidden)', (radius, rows, columns, B, steps, hidden) => {
    const random = seededRandom(radius * 1000 + rows * 100 + columns * 10 + B + 1);
    const S = multiplication.stateSymbols.length;
    const model = SeadModel.create(multiplication, { channels: S, embedding: 2, hidden, radius }, 'discrete', rows * columns);
    const L = rows * columns;
    tf.tidy(() => {
      const x = featureTensor(multiplication, randomGrids(multiplication, B, rows, columns, random));
      const h0 = oneHotStates(Uint8Array.from({ length: B * L }, () => Math.floor(random() * S)), B, L, S);
      const dy = tf.tensor4d(Float32Array.from({ length: steps * B * L * S }, () => 2 * random() - 1), [steps, B, L, S]);
      const fused = projectedAndGrads(projectedUnrollLogits, model, x, h0, steps, dy, columns);
      const composite = projectedAndGrads(compositeProjectedUnroll, model, x, h0, steps, dy, columns);
      expect(fused.logits.length).toBe(steps * B * L * S);
      expectAgree(fused, composite, WEIGHT_NAMES, true);
    });
    model.dispose();
  });

  it('steps exactly as a discrete model runs: each step the argmax of the last', () => {
    const random = seededRandom(11);
    const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'discrete', 4);
    const lattices = Array.from({ length: 3 }, () => parity.encode(parity.random(9, random)));
    const steps = 12;
    const trajectories = lattices.map(() => [] as number[][]);
    startRun(model, parity, lattices, { engine: 'dense', maxSteps: steps, onStep: (b, t, run) => void (t > 0 && trajectories[b].push(Array.from(run.symbols(b)))) }).toEnd();
    const logits = tf.tidy(() => tf.argMax(projectedUnrollLogits(model.weights, featureTensor(parity, lattices), oneHotStates(new Uint8Array(3 * 9), 3, 9, 3), 1, steps), 3).arraySync()) as number[][][];
    trajectories.forEach((trajectory, b) => {
      expect(trajectory.length).toBeGreaterThan(0);
      trajectory.forEach((symbols, t) => expect(logits[t][b], `lattice ${b}, step ${t + 1}`).toEqual(symbols));
    });
    model.dispose();
  });

  it('has the exact gradient at the first step, where nothing is projected yet', () => {
    const random = seededRandom(3);
    const model = SeadModel.create(addition, { channels: 2, embedding: 2, hidden: 4, radius: 1 }, 'discrete', 2);
    const lattices = Array.from({ length: 2 }, () => addition.encode(addition.random(4, random)));
    const L = lattices[0].length;
    tf.tidy(() => {
      const x = featureTensor(addition, lattices);
      const h0 = oneHotStates(Uint8Array.from({ length: 2 * L }, () => Math.floor(random() * 2)), 2, L, 2);
      const dy = tf.tensor3d(Float32Array.from({ length: 2 * L * 2 }, () => 2 * random() - 1), [2, L, 2]);
      const projected = projectedAndGrads(projectedUnrollLogits, model, x, h0, 1, tf.reshape(dy, [1, 2, L, 2]) as tf.Tensor4D);
      const plain = logitsAndGrads(unrollLogits, model, x, h0, 1, dy);
      expect(projected.logits).toEqual(plain.logits.flat(2));
      projected.grads.forEach((g, k) => expect(g, WEIGHT_NAMES[k]).toEqual(plain.grads[k + 2]));
    });
    model.dispose();
  });
});

describe('grids', () => {
  it('train through the fused kernels, not conv2d', async () => {
    const model = SeadModel.create(multiplication, { channels: 5, embedding: 2, hidden: 6, radius: 1 }, 'discrete', 1);
    const x = featureTensor(multiplication, randomGrids(multiplication, 2, 3, 4, seededRandom(1)));
    const h0 = tf.fill([2, 12, 5], 0.2) as tf.Tensor3D;
    for (const [unroll, kernel] of [[unrollLogits, SeadUnroll], [projectedUnrollLogits, SeadProjectedUnroll]] as const) {
      const { kernelNames, newTensors } = await tf.profile(() => unroll(model.weights, x, h0, 1, 3, 4));
      expect(kernelNames).toContain(kernel);
      expect(kernelNames).not.toContain('Conv2D');
      expect(newTensors).toBeGreaterThan(0);
    }
    tf.dispose([x, h0]);
    model.dispose();
  });
});
