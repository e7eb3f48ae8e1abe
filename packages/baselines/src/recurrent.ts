import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentConfig } from './config.js';
import { dense } from './layers.js';
import type { Weights } from './weights.js';

/** A recurrent cell's state: h, and an LSTM's memory c. */
interface State {
  readonly h: tf.Tensor2D;
  readonly c?: tf.Tensor2D;
}

/** One time step of a cell: its input projection x·W_x + b_x [B, gates·d] and the previous state. */
type Cell = (w: Weights, direction: string, projected: tf.Tensor2D, state: State) => State;

/** LSTM (Hochreiter & Schmidhuber 1997, with a forget gate): c ← f⊙c + i⊙g, h = o⊙tanh(c). */
const lstmCell: Cell = (w, direction, projected, { h, c }) => {
  const [i, f, g, o] = tf.split(tf.add(projected, tf.matMul(h, w[`${direction}.Wh`] as tf.Tensor2D)), 4, 1);
  const memory: tf.Tensor2D = tf.add(tf.mul(tf.sigmoid(f), c!), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return { h: tf.mul(tf.sigmoid(o), tf.tanh(memory)), c: memory };
};

/**
 * GRU (Cho et al. 2014, as PyTorch and cuDNN write it): z and r gate the update, the candidate
 * n = tanh(x_n + r⊙(W_hn·h + b_hn)), and h ← n + z⊙(h − n).
 */
const gruCell: Cell = (w, direction, projected, { h }) => {
  const [xz, xr, xn] = tf.split(projected, 3, 1);
  const [hz, hr, hn] = tf.split(tf.add(tf.matMul(h, w[`${direction}.Wh`] as tf.Tensor2D), w[`${direction}.bh`]), 3, 1);
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(tf.sigmoid(tf.add(xr, hr)), hn)));
  return { h: tf.add(n, tf.mul(z, tf.sub(h, n))) };
};

/** Every cell's hidden state [B, L, d] from one direction's pass over the lattice. */
function scan(w: Weights, config: RecurrentConfig, direction: 'forward' | 'backward', x: tf.Tensor3D): tf.Tensor3D {
  const [B, L] = x.shape;
  const cell = config.architecture === 'lstm' ? lstmCell : gruCell;
  // Each step projects its own cell's inputs: slicing a step out of a tensor costs as much as the
  // tensor on some backends (wasm), so the narrow inputs are split, not their wide projections.
  const inputs = tf.unstack(x, 1) as tf.Tensor2D[];
  const Wx = w[`${direction}.Wx`] as tf.Tensor2D;
  const bx = w[`${direction}.bx`];
  const zeros = tf.zeros([B, config.width]) as tf.Tensor2D;
  let state: State = { h: zeros, c: zeros };
  const outputs = new Array<tf.Tensor2D>(L);
  for (let k = 0; k < L; k++) {
    const t = direction === 'forward' ? k : L - 1 - k;
    state = cell(w, direction, tf.add(tf.matMul(inputs[t], Wx), bx), state);
    outputs[t] = state.h;
  }
  return tf.stack(outputs, 1) as tf.Tensor3D;
}

/**
 * A bidirectional LSTM or GRU: one pass from the left end, one from the right, and a softmax head
 * on each cell's two hidden states side by side. `x` [B, L, I] → logits [B, L, S].
 */
export function recurrentLogits(w: Weights, config: RecurrentConfig, x: tf.Tensor3D): tf.Tensor3D {
  const both = tf.concat([scan(w, config, 'forward', x), scan(w, config, 'backward', x)], 2);
  return dense(both, w['head.W'], w['head.b']);
}

/** Multiply-adds of one lattice of L cells: linear in L, two directions of gates·d·(I + d) per cell. */
export function recurrentWork(config: RecurrentConfig, L: number): number {
  const gates = config.architecture === 'lstm' ? 4 : 3;
  return 2 * L * gates * config.width * (config.inputs + config.width) + L * 2 * config.width * config.symbols;
}
