import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@sead/tasks';
import { WEIGHT_NAMES, weightShapes, type SeadConfig, type WeightName } from './config.js';

/** The model's trainable tensors, one per name of `WEIGHT_NAMES`. */
export type SeadWeights = Record<WeightName, tf.Variable>;

/** Plain arrays of the weights, as a checkpoint stores them. */
export type WeightArrays = Record<WeightName, number[]>;

/**
 * Seeded Glorot-uniform initialisation for matrices, zero biases. Drawn in JavaScript so the same
 * seed gives the same weights on every backend.
 */
export function initialWeights(config: SeadConfig, seed: number): WeightArrays {
  const random = seededRandom(seed);
  const shapes = weightShapes(config);
  const out = {} as WeightArrays;
  for (const name of WEIGHT_NAMES) {
    const shape = shapes[name];
    const size = shape.reduce((a, b) => a * b, 1);
    if (shape.length === 1) {
      out[name] = new Array(size).fill(0);
      continue;
    }
    const fanOut = shape[shape.length - 1];
    const fanIn = size / fanOut;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    out[name] = Array.from({ length: size }, () => (2 * random() - 1) * limit);
  }
  return out;
}

/** Trainable variables holding these arrays. */
export function toVariables(config: SeadConfig, arrays: WeightArrays): SeadWeights {
  const shapes = weightShapes(config);
  const out = {} as SeadWeights;
  for (const name of WEIGHT_NAMES) out[name] = tf.variable(tf.tensor(arrays[name], shapes[name], 'float32'), true, undefined, 'float32');
  return out;
}

/** The variables' current values as plain arrays. */
export function toArrays(weights: SeadWeights): WeightArrays {
  const out = {} as WeightArrays;
  for (const name of WEIGHT_NAMES) out[name] = Array.from(weights[name].dataSync());
  return out;
}

export function disposeWeights(weights: SeadWeights): void {
  for (const name of WEIGHT_NAMES) weights[name].dispose();
}
