import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, parity, seededRandom } from '@sead/tasks';
import { useBackend } from './backend.js';
import { WEIGHT_NAMES } from './model/config.js';
import { featureTensor, oneHotStates } from './lattice.js';
import { allowedCrossEntropy, bceWithLogits, softmaxCrossEntropy } from './losses.js';
import { SeadModel } from './model/model.js';
import { embed, step, stepLogits } from './step.js';
import { SMALL, smallFor } from './test-models.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/**
 * Compares the tape's gradient of `loss` with central finite differences for every entry of every
 * weight. float32 limits the precision, so the check is relative to the gradient's scale; relu
 * kinks can spoil single entries, so a few outliers are tolerated but not many.
 */
function checkGradients(model: SeadModel, loss: () => tf.Scalar) {
  const variables = WEIGHT_NAMES.map((n) => model.weights[n]);
  const { grads } = tf.variableGrads(loss, variables);
  let entries = 0;
  let bad = 0;
  for (const v of variables) {
    const analytic = grads[v.name].dataSync();
    const base = Float32Array.from(v.dataSync());
    for (let k = 0; k < base.length; k++) {
      const at = (delta: number) => {
        const p = base.slice();
        p[k] += delta;
        v.assign(tf.tensor(p, v.shape));
        return tf.tidy(() => loss().dataSync()[0]);
      };
      const eps = 5e-4;
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(tf.tensor(base, v.shape));
      entries++;
      if (Math.abs(numeric - analytic[k]) > 2e-3 + 2e-2 * Math.abs(numeric)) {
        bad++;
        if (process.env.DEBUG_GRAD) console.log(v.name, k, numeric, analytic[k]);
      }
    }
  }
  tf.dispose(Object.values(grads));
  return { entries, bad };
}

describe('gradients', () => {
  it('match finite differences through T relax steps (BPTT)', () => {
    const model = SeadModel.create(parity, { ...smallFor(parity), radius: 2 }, 'continuous', 21);
    const random = seededRandom(1);
    const lattices = Array.from({ length: 3 }, () => parity.encode(parity.random(7, random)));
    const X = featureTensor(parity, lattices);
    const y = tf.tensor3d(Float32Array.from({ length: 21 }, () => (random() < 0.5 ? 1 : 0)), [3, 7, 1]);
    const mask = tf.onesLike(y);
    const w = model.weights;
    const loss = () => {
      const e = embed(w, X);
      let h = tf.fill([3, 7, 3], 0.5) as tf.Tensor3D;
      for (let t = 0; t < 4; t++) h = step(w, e, h, 2);
      return bceWithLogits(tf.slice(stepLogits(w, e, h, 2), [0, 0, 0], [3, 7, 1]), y, mask);
    };
    const { entries, bad } = checkGradients(model, loss);
    expect(entries).toBe(model.parameterCount);
    expect(bad).toBeLessThanOrEqual(2);
    model.dispose();
  });

  it('match finite differences for the single-step chaos loss', () => {
    const model = SeadModel.create(addition, SMALL, 'discrete', 22);
    const random = seededRandom(2);
    const lattices = Array.from({ length: 4 }, () => addition.encode(addition.random(5, random)));
    const states = Uint8Array.from({ length: 24 }, () => (random() < 0.5 ? 1 : 0));
    const targets = Uint8Array.from({ length: 24 }, () => (random() < 0.5 ? 1 : 0));
    const X = featureTensor(addition, lattices);
    const h = oneHotStates(states, 4, 6, 2);
    const y = tf.reshape(oneHotStates(targets, 4, 6, 2), [24, 2]) as tf.Tensor2D;
    const loss = () => softmaxCrossEntropy(tf.reshape(stepLogits(model.weights, embed(model.weights, X), h, 1), [24, 2]) as tf.Tensor2D, y);
    const { bad } = checkGradients(model, loss);
    expect(bad).toBeLessThanOrEqual(2);
    model.dispose();
  });

  it('match finite differences for losses weighted and summed, as trainers combine them', () => {
    const model = SeadModel.create(addition, SMALL, 'discrete', 22);
    const random = seededRandom(2);
    const lattices = Array.from({ length: 4 }, () => addition.encode(addition.random(5, random)));
    const X = featureTensor(addition, lattices);
    const h = oneHotStates(Uint8Array.from({ length: 24 }, () => (random() < 0.5 ? 1 : 0)), 4, 6, 2);
    const y = tf.reshape(oneHotStates(Uint8Array.from({ length: 24 }, () => (random() < 0.5 ? 1 : 0)), 4, 6, 2), [24, 2]) as tf.Tensor2D;
    // Every third entry outside the set: rows with one class allowed and rows with both.
    const allowed = tf.tensor2d(Float32Array.from({ length: 48 }, (_, k) => (k % 3 === 0 ? 0 : 1)), [24, 2]);
    const loss = () => {
      const logits = tf.reshape(stepLogits(model.weights, embed(model.weights, X), h, 1), [24, 2]) as tf.Tensor2D;
      return tf.addN([softmaxCrossEntropy(logits, y), tf.mul(allowedCrossEntropy(logits, allowed), 5), tf.mul(0.5, softmaxCrossEntropy(logits, y))]) as tf.Scalar;
    };
    const { bad } = checkGradients(model, loss);
    expect(bad).toBeLessThanOrEqual(2);
    model.dispose();
  });

  it('the losses equal their textbook definitions', () => {
    const x = tf.tensor2d([[2, -1], [0.5, 3]]);
    const y = tf.tensor2d([[1, 0], [0, 1]]);
    const p = tf.sigmoid(x).arraySync() as number[][];
    const yy = y.arraySync() as number[][];
    let bce = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) bce -= yy[i][j] * Math.log(p[i][j]) + (1 - yy[i][j]) * Math.log(1 - p[i][j]);
    expect(bceWithLogits(x, y, tf.onesLike(y)).dataSync()[0]).toBeCloseTo(bce / 4, 5);
    const xs = x.arraySync() as number[][];
    const ce = -(xs[0][0] - Math.log(Math.exp(2) + Math.exp(-1)) + xs[1][1] - Math.log(Math.exp(0.5) + Math.exp(3))) / 2;
    expect(softmaxCrossEntropy(x, y).dataSync()[0]).toBeCloseTo(ce, 5);
    // One allowed class a row is the cross-entropy; two of three, −log of their probabilities' sum.
    expect(allowedCrossEntropy(x, y).dataSync()[0]).toBeCloseTo(ce, 5);
    const logits = [[1, -2, 0.5], [0, 0, 3]];
    const allowed = [[1, 0, 1], [0, 1, 0]];
    const softmax = (row: number[]) => row.map((v) => Math.exp(v) / row.reduce((s, u) => s + Math.exp(u), 0));
    const expected = -logits.map((row, i) => Math.log(softmax(row).reduce((s, p, k) => s + p * allowed[i][k], 0))).reduce((a, b) => a + b) / 2;
    expect(allowedCrossEntropy(tf.tensor2d(logits), tf.tensor2d(allowed)).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('the allowed-set cross-entropy has the gradient of its definition', () => {
    const logits = tf.tensor2d([[1, -2, 0.5], [0, 0.3, 3], [2, 1, -1]]);
    const allowed = tf.tensor2d([[1, 0, 1], [0, 1, 0], [1, 1, 1]]);
    const analytic = tf.grad((x: tf.Tensor) => allowedCrossEntropy(x as tf.Tensor2D, allowed))(logits).arraySync() as number[][];
    const base = logits.arraySync() as number[][];
    const at = (i: number, k: number, delta: number) => {
      const moved = base.map((row) => row.slice());
      moved[i][k] += delta;
      return allowedCrossEntropy(tf.tensor2d(moved), allowed).dataSync()[0];
    };
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) expect(analytic[i][k]).toBeCloseTo((at(i, k, 1e-2) - at(i, k, -1e-2)) / 2e-2, 3);
    // Every class allowed: nothing to learn.
    analytic[2].forEach((g) => expect(Math.abs(g)).toBeLessThan(1e-6));
  });
});
