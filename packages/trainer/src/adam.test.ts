import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from './adam.js';

it('takes the textbook Adam steps and restores its state exactly', () => {
  const x = tf.variable(tf.tensor1d([1, -2]));
  const adam = new Adam([x], 0.1);
  // Gradients of x² are 2x. Textbook: m̂ = g, v̂ = g² at step 1, so the first step moves each entry by lr·sign(g).
  adam.apply([tf.mul(x, 2)]);
  const after1 = Array.from(x.dataSync());
  expect(after1[0]).toBeCloseTo(0.9, 6);
  expect(after1[1]).toBeCloseTo(-1.9, 6);
  // Step 2 by hand.
  const g1 = [2, -4];
  const g2 = after1.map((v) => 2 * v);
  const expected = after1.map((v, k) => {
    const m = 0.9 * 0.1 * g1[k] + 0.1 * g2[k];
    const s = 0.999 * 0.001 * g1[k] ** 2 + 0.001 * g2[k] ** 2;
    return v - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(s / (1 - 0.999 ** 2)) + 1e-8);
  });
  const state = adam.state();
  adam.apply([tf.mul(x, 2)]);
  Array.from(x.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5));
  // A fresh optimizer restored from the state takes the very same step.
  const y = tf.variable(tf.tensor1d(after1));
  const twin = new Adam([y], 0.1);
  twin.restore(state);
  twin.apply([tf.mul(y, 2)]);
  expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
  expect(() => twin.restore({ step: 1, m: [], v: [] })).toThrow(/holds 0 moments, the model has 1 weights/);
});

it('scales gradients over clipNorm down to it, across every variable, before the moments see them', () => {
  const run = (clipNorm: number, scale: number) => {
    const a = tf.variable(tf.tensor1d([0, 0]));
    const b = tf.variable(tf.tensor1d([0]));
    const adam = new Adam([a, b], 0.1, 0.9, 0.999, 1e-8, clipNorm);
    // Global norm 5 (3, 0 and 4): clipped to 1, the gradients are a fifth of themselves.
    adam.apply([tf.tensor1d([3 * scale, 0]), tf.tensor1d([4 * scale])]);
    return adam.state();
  };
  const clipped = run(1, 1);
  const fifth = run(Infinity, 0.2);
  clipped.m.flat().forEach((m, k) => expect(m).toBeCloseTo(fifth.m.flat()[k], 7));
  clipped.v.flat().forEach((v, k) => expect(v).toBeCloseTo(fifth.v.flat()[k], 9));
  // Below the norm nothing changes.
  expect(run(10, 1)).toEqual(run(Infinity, 1));
});
