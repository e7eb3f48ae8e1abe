import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@sead/tasks';
import { weightShapes, type BaselineConfig } from './config.js';

/** A baseline's trainable tensors by name (see `weightShapes`). */
export type Weights = Readonly<Record<string, tf.Variable>>;

/** The weights as plain arrays, as a checkpoint stores them. */
export type WeightArrays = Record<string, number[]>;

/** Standard deviation of a learned position table's entries at the start, as in GPT-2. */
const POSITION_STD = 0.02;

/**
 * Seeded initial weights, drawn in JavaScript so that a seed gives the same weights on every
 * backend: Glorot-uniform matrices, zero biases, unit LayerNorm gains, small position vectors,
 * and an LSTM's forget gate opened (bias 1), as Jozefowicz et al. (2015) recommend.
 */
export function initialWeights(config: BaselineConfig, seed: number): WeightArrays {
  const random = seededRandom(seed);
  const uniform = (limit: number) => (2 * random() - 1) * limit;
  const out: WeightArrays = {};
  for (const [name, shape] of weightShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (name === 'positions') {
      out[name] = Array.from({ length: size }, () => uniform(POSITION_STD * Math.sqrt(3)));
    } else if (name.endsWith('.gain')) {
      out[name] = new Array(size).fill(1);
    } else if (shape.length === 1) {
      out[name] = new Array(size).fill(0);
      // The forget gate is the second of an LSTM's four gates.
      if (config.architecture === 'lstm' && name.endsWith('.bx')) out[name].fill(1, config.width, 2 * config.width);
    } else {
      const [fanIn, fanOut] = shape;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      out[name] = Array.from({ length: size }, () => uniform(limit));
    }
  }
  return out;
}

/** Trainable variables holding these arrays. */
export function toVariables(config: BaselineConfig, arrays: WeightArrays): Weights {
  const weights: Record<string, tf.Variable> = {};
  for (const [name, shape] of weightShapes(config)) {
    const value = tf.tensor(arrays[name], shape, 'float32');
    weights[name] = tf.variable(value, true);
    value.dispose();
  }
  return weights;
}

export function toArrays(config: BaselineConfig, weights: Weights): WeightArrays {
  const out: WeightArrays = {};
  for (const name of weightShapes(config).keys()) out[name] = Array.from(weights[name].dataSync());
  return out;
}
