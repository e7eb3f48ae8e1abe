import * as tf from '@tensorflow/tfjs-core';
import { seadProjectedUnrollGradConfig, seadUnrollGradConfig } from './kernels/sead-unroll.js';

/**
 * Gradient configs for the kernels the SEAD update rule and the trainers' losses use. tfjs-core's
 * Node bundle registers no gradients and its ESM build cannot be loaded by plain Node, so SEAD
 * carries its own, registered by kernel name like tfjs's, and only where none is registered yet:
 * under plain Node, vitest and the browser alike.
 */
type Saved = tf.Tensor[];
type Attrs = Record<string, unknown>;

/** Sums `dy` over the axes along which `shape` was broadcast, then gives it `shape`: the gradient of a broadcast input. */
export function unbroadcast(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, shape);
}

const configs: tf.GradConfig[] = [
  {
    kernelName: tf.Add,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const g = dy as tf.Tensor;
      return { a: () => unbroadcast(g, saved[0].shape), b: () => unbroadcast(g, saved[1].shape) };
    },
  },
  {
    kernelName: tf.AddN,
    saveAllInputs: true,
    gradFunc: (dy, saved: Saved) => Object.fromEntries(saved.map((_, i) => [String(i), () => dy as tf.Tensor])),
  },
  {
    // Weighting a trainer's losses against each other.
    kernelName: tf.Multiply,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved;
      const g = dy as tf.Tensor;
      return { a: () => unbroadcast(tf.mul(g, b), a.shape), b: () => unbroadcast(tf.mul(g, a), b.shape) };
    },
  },
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const [a, b] = saved as tf.Tensor2D[];
      const g = dy as tf.Tensor2D;
      const tA = attrs.transposeA as boolean;
      const tB = attrs.transposeB as boolean;
      if (!tA && !tB) return { a: () => tf.matMul(g, b, false, true), b: () => tf.matMul(a, g, true, false) };
      if (!tA && tB) return { a: () => tf.matMul(g, b, false, false), b: () => tf.matMul(g, a, true, false) };
      if (tA && !tB) return { a: () => tf.matMul(b, g, false, true), b: () => tf.matMul(a, g, false, false) };
      return { a: () => tf.matMul(b, g, true, true), b: () => tf.matMul(g, a, true, true) };
    },
  },
  {
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.step(saved[0])) }),
  },
  {
    kernelName: tf.Sigmoid,
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved) => {
      const y = saved[0];
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y))) };
    },
  },
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.reshape(dy as tf.Tensor, saved[0].shape) }),
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const rank = saved[0].rank;
      const axis = ((attrs.axis as number) + rank) % rank;
      const parts = tf.split(dy as tf.Tensor, saved.map((t) => t.shape[axis]), axis);
      return Object.fromEntries(parts.map((part, i) => [String(i), () => part]));
    },
  },
  {
    kernelName: tf.Conv2D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const [x, filter] = saved;
      const { strides, pad, dataFormat, dimRoundingMode } = attrs;
      const g = dy as tf.Tensor;
      return {
        x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: g, filter }, { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape } as never) as tf.Tensor,
        filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: g }, { strides, pad, dataFormat, dimRoundingMode, filterShape: filter.shape } as never) as tf.Tensor,
      };
    },
  },
  {
    kernelName: tf.PadV2,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const paddings = attrs.paddings as Array<[number, number]>;
      return { x: () => tf.slice(dy as tf.Tensor, paddings.map((p) => p[0]), saved[0].shape) };
    },
  },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const x = saved[0];
      const begin = attrs.begin as number[];
      const size = (attrs.size as number[]).map((s, i) => (s === -1 ? x.shape[i] - begin[i] : s));
      return { x: () => tf.pad(dy as tf.Tensor, begin.map((b, i) => [b, x.shape[i] - b - size[i]] as [number, number])) };
    },
  },
  // SEAD's own fused ops: their gradients run the backend's `SeadUnrollGrad` and `SeadProjectedUnrollGrad` kernels.
  seadUnrollGradConfig,
  seadProjectedUnrollGradConfig,
];

/** Registers SEAD's gradient configs for every kernel that has none yet. Safe to call repeatedly. */
export function registerSeadGradients(): void {
  for (const config of configs) if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
}

registerSeadGradients();
