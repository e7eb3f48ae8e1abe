import * as tf from '@tensorflow/tfjs-core';
// SEAD's own gradient configs (add, multiply, matMul, sigmoid, relu, reshape, concat, slice, …) come with the core.
import { unbroadcast } from '@sead/core/kernels';

/**
 * Gradient configs for the kernels the baselines use beyond those of SEAD's update rule. tfjs-core's
 * Node bundle registers no gradients and its ESM build, which holds tfjs's own configs, cannot be
 * loaded by plain Node; so, like the core, this package carries the few it needs, written from
 * their textbook derivatives, and registers each by kernel name only where none is registered yet.
 */
type Saved = tf.Tensor[];
type Attrs = Record<string, unknown>;

/** The gradients of a kernel's outputs as a list: the engine passes a lone output's gradient bare. */
function outputGradients(dy: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(dy) ? dy : [dy];
}

/** `axis` attributes as non-negative axes of a tensor of rank `rank`. */
function axesOf(axis: unknown, rank: number): number[] {
  const list = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return list.map((a) => (a + rank) % rank);
}

export const BASELINE_GRADIENTS: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Sub,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const g = dy as tf.Tensor;
      return { a: () => unbroadcast(g, saved[0].shape), b: () => unbroadcast(tf.neg(g), saved[1].shape) };
    },
  },
  {
    kernelName: tf.Neg,
    gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }),
  },
  {
    kernelName: tf.Tanh,
    outputsToSave: [true],
    // d tanh(x) = 1 − tanh(x)².
    gradFunc: (dy, saved: Saved) => {
      const y = saved[0];
      return { x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.mul(y, y))) };
    },
  },
  {
    kernelName: tf.Rsqrt,
    outputsToSave: [true],
    // y = x^(−1/2), so dy/dx = −½ x^(−3/2) = −½ y³.
    gradFunc: (dy, saved: Saved) => {
      const y = saved[0];
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(-0.5, tf.mul(y, tf.mul(y, y)))) };
    },
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    // Every entry averaged into an output gets 1/n of that output's gradient.
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const x = saved[0];
      const axes = axesOf(attrs.axis, x.rank);
      const kept = x.shape.map((size, i) => (axes.includes(i) ? 1 : size));
      const n = axes.reduce((product, a) => product * x.shape[a], 1);
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, kept), tf.fill(x.shape, 1 / n)) };
    },
  },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => {
      const perm = attrs.perm as number[];
      const inverse = new Array<number>(perm.length);
      perm.forEach((p, i) => (inverse[p] = i));
      return { x: () => tf.transpose(dy as tf.Tensor, inverse) };
    },
  },
  {
    kernelName: tf.Softmax,
    outputsToSave: [true],
    // dx = y ⊙ (dy − Σ_j dy_j y_j), the sum over the softmax's axis.
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const y = saved[0];
      const dim = attrs.dim as number;
      const dyTimesY = tf.mul(dy as tf.Tensor, y);
      return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y)) };
    },
  },
  {
    kernelName: tf.SplitV,
    // The engine gives zeros for the parts no loss depends on, so every part has a gradient.
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => ({ x: () => tf.concat(outputGradients(dy), attrs.axis as number) }),
  },
  {
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => ({ value: () => tf.stack(outputGradients(dy), attrs.axis as number) }),
  },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const parts = tf.unstack(dy as tf.Tensor, attrs.axis as number);
      return Object.fromEntries(saved.map((_, i) => [String(i), () => parts[i]]));
    },
  },
];

/** Registers the baselines' gradient configs for every kernel that has none yet. Safe to call repeatedly. */
export function registerBaselineGradients(): void {
  for (const config of BASELINE_GRADIENTS) if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
}

registerBaselineGradients();
