import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, parity, seededRandom, type Task } from '@sead/tasks';
import { useBackend } from './backend.js';
import { WEIGHT_NAMES, type WeightName } from './model/config.js';
import { featureTensor } from './lattice.js';
import { SeadModel, type ModelShape } from './model/model.js';
import { registerJsUnrollKernels } from './kernels/sead-unroll-js.js';
import { compositeUnroll, hasFusedUnroll, unrollLogits } from './unroll.js';
import type { SeadWeights } from './model/weights.js';

beforeAll(async () => {
  await useBackend('cpu');
  registerJsUnrollKernels('cpu');
});

type Unroll = typeof unrollLogits;

/** Logits and the gradients of Σ dy ⊙ logits with respect to the features, h0 and every weight. */
function logitsAndGrads(unroll: Unroll, model: SeadModel, x: tf.Tensor3D, h0: tf.Tensor3D, steps: number, dy: tf.Tensor3D) {
  const { radius } = model.config;
  const weights = WEIGHT_NAMES.map((n) => model.weights[n]);
  const f = (xIn: tf.Tensor3D, hIn: tf.Tensor3D, ...w: tf.Tensor[]) => {
    const named = Object.fromEntries(WEIGHT_NAMES.map((n, k) => [n, w[k]])) as unknown as SeadWeights;
    return unroll(named, xIn, hIn, radius, steps);
  };
  const logits = f(x, h0, ...weights).arraySync();
  const grads = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, h0, ...weights], dy);
  return { logits, grads: grads.map((g) => Array.from(g.dataSync())) };
}

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
      fused.logits.flat(2).forEach((v, k) => expect(v).toBeCloseTo(composite.logits.flat(2)[k], 4));
      const names = ['x', 'h0', ...WEIGHT_NAMES];
      fused.grads.forEach((g, k) => {
        const reference = composite.grads[k];
        const scale = Math.max(1e-3, ...reference.map(Math.abs));
        expect(g.length, names[k]).toBe(reference.length);
        g.forEach((v, n) => expect(Math.abs(v - reference[n]) / scale, `${names[k]}[${n}]`).toBeLessThan(1e-4));
      });
    });
    model.dispose();
  });

  it('its gradient matches central finite differences', () => {
    const random = seededRandom(5);
    const task = parity;
    const model = SeadModel.create(task, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'continuous', 9);
    const lattices = Array.from({ length: 2 }, () => task.encode(task.random(5, random)));
    const [B, L, C, steps] = [2, lattices[0].length, 3, 4];
    const x = featureTensor(task, lattices);
    const h0 = tf.fill([B, L, C], 0.5) as tf.Tensor3D;
    const dy = tf.tensor3d(Float32Array.from({ length: B * L * C }, () => 2 * random() - 1), [B, L, C]);
    const { grads } = logitsAndGrads(unrollLogits, model, x, h0, steps, dy);
    const dyValues = dy.dataSync();
    const objective = () => tf.tidy(() => Array.from(unrollLogits(model.weights, x, h0, 1, steps).dataSync()).reduce((s, v, k) => s + v * dyValues[k], 0));
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
        const eps = 1e-2;
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

  it('refuses a step count below one', () => {
    const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'continuous', 1);
    const x = featureTensor(parity, [parity.encode(parity.random(3, seededRandom(1)))]);
    const h0 = tf.fill([1, x.shape[1], 3], 0.5) as tf.Tensor3D;
    expect(() => unrollLogits(model.weights, x, h0, 1, 0)).toThrow(/steps must be an integer ≥ 1, got 0/);
    tf.dispose([x, h0]);
    model.dispose();
  });
});
