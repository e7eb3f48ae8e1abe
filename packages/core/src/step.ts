/**
 * The update rule: read this page first. Every other form of the rule is this one, rearranged for
 * speed and held to it by tests:
 *
 * - `kernels/sead-step.ts`: the same step split by linearity into what a run fixes once (the input's
 *   drive) and what each step adds (the state's taps); backends plug in fused kernels for it by name.
 * - `kernels/cell-loops.ts`: one cell's step in plain loops, the reference for every JavaScript form:
 *   the continuous sparse engine runs it, compiling a table evaluates its head on every neighbourhood.
 * - `kernels/cell-codegen.ts`: the same cell as straight-line code generated per model shape (forward
 *   and backward), held bit for bit to the loops.
 * - The JavaScript forms read W_1's window as its list of offsets (`windowOffsets`, tap k at the
 *   k-th), so rows and grids run the same code: a grid is a shape, not another kernel.
 * - `kernels/unroll-loops.ts`: backpropagation through T steps, held to tfjs's own differentiation of
 *   this page and to finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SeadWeights } from './model/weights.js';
// The update rule is differentiated by SEAD's own gradient configs, wherever it is imported from.
import './gradients.js';

/**
 * One SEAD step, the paper's update rule:
 *
 *   h_{t+1}(i) = σ( W_h · relu( W_2 · relu( W_1 ⊛ [e_i ; W_s h_t(i)] ) ) )
 *
 * `e` is the embedded input [B, L, E] and `h` the state [B, L, C]. Returns the logits inside σ, so
 * that losses can be computed stably and the discrete mode can take their argmax. The lattices are
 * rows, or, with `columns`, grids of L / columns rows stored row by row: ⊛ then reads a
 * (2r + 1) × (2r + 1) window, and nothing else changes.
 */
export function stepLogits(w: SeadWeights, e: tf.Tensor3D, h: tf.Tensor3D, radius: number, columns?: number): tf.Tensor3D {
  const z = tf.concat([e, dense(h, w.Ws)], 2); //                             [e_i ; W_s h_t(i)]
  const a1 = tf.relu(tf.add(windowConv(z, w.W1, radius, columns), w.b1) as tf.Tensor3D); // relu(W_1 ⊛ · + b_1)
  const a2 = tf.relu(dense(a1, w.W2, w.b2)); //            relu(W_2 ·)
  return dense(a2, w.Wh, w.bh); //                          W_h ·
}

/** h_{t+1} = σ(stepLogits): the continuous update. */
export function step(w: SeadWeights, e: tf.Tensor3D, h: tf.Tensor3D, radius: number, columns?: number): tf.Tensor3D {
  return tf.sigmoid(stepLogits(w, e, h, radius, columns));
}

/** e_i = features(token_i) · W_e: the input embedding, computed once per run. */
export function embed(w: SeadWeights, features: tf.Tensor3D): tf.Tensor3D {
  return dense(features, w.We);
}

/**
 * The same embedding, looked up by token: features(token)·W_e is a row of A·W_e, A the task's input
 * alphabet, so a run need not build its [B, L, F] features.
 */
export function embedTokens(w: SeadWeights, alphabet: readonly (readonly number[])[], tokens: Int32Array, batch: number, length: number): tf.Tensor3D {
  return tf.tidy(() => {
    const table = tf.matMul(tf.tensor2d(alphabet as number[][]), w.We as tf.Tensor2D); // [V, E]
    return tf.reshape(tf.gather(table, tf.tensor1d(tokens, 'int32')), [batch, length, table.shape[1] as number]) as tf.Tensor3D;
  });
}

/** x · W (+ b) on the last axis, the same at every cell. */
function dense(x: tf.Tensor3D, W: tf.Tensor, b?: tf.Tensor): tf.Tensor3D {
  const [B, L, K] = x.shape;
  const y = tf.matMul(tf.reshape(x, [B * L, K]), W as tf.Tensor2D);
  return tf.reshape(b ? tf.add(y, b) : y, [B, L, W.shape[1] as number]);
}

/**
 * The radius-r convolution W ⊛ z of z [B, L, Z] with one [Z, H] tap per window position (W [K, Z, H],
 * positions in `windowOffsets` order), zero padded: cells beyond the edge read as zeros. A row is a
 * conv1d; a grid of `columns` cells per row, a conv2d over the same taps laid out (2r + 1) × (2r + 1).
 */
export function windowConv(z: tf.Tensor3D, W: tf.Tensor, radius: number, columns?: number): tf.Tensor3D {
  const [B, L, Z] = z.shape;
  const H = W.shape[2] as number;
  if (columns === undefined) return tf.conv1d(z, W as tf.Tensor3D, 1, [[0, 0], [0, 0], [radius, radius], [0, 0]] as never);
  const side = 2 * radius + 1;
  const grid = tf.reshape(z, [B, L / columns, columns, Z]) as tf.Tensor4D;
  const taps = tf.reshape(W, [side, side, Z, H]) as tf.Tensor4D;
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [radius, radius], [radius, radius], [0, 0]];
  return tf.reshape(tf.conv2d(grid, taps, 1, pad as never), [B, L, H]) as tf.Tensor3D;
}
