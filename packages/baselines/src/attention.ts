import * as tf from '@tensorflow/tfjs-core';
import { rotate, type RotaryTables } from './rotary.js';

/** What self-attention is told of positions: rotary tables, and whether it is causal. */
export interface AttentionOptions {
  readonly heads: number;
  readonly rotary?: RotaryTables;
  /** An additive mask [L, L]: 0 where a cell may attend, a large negative number where it may not. */
  readonly mask?: tf.Tensor2D;
}

/**
 * Multi-head scaled dot-product self-attention: queries, keys and values side by side in `qkv`
 * [B, L, 3d]; returns every cell's attended values [B, L, d], heads side by side again.
 */
export function selfAttention(qkv: tf.Tensor3D, { heads, rotary, mask }: AttentionOptions): tf.Tensor3D {
  const [B, L, width3] = qkv.shape;
  const d = width3 / 3;
  const dh = d / heads;
  const toHeads = (t: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(t, [B, L, heads, dh]), [0, 2, 1, 3]), [B * heads, L, dh]) as tf.Tensor3D;
  const [q, k, v] = tf.split(qkv, 3, 2).map(toHeads);
  const [qr, kr] = rotary ? [rotate(q, rotary), rotate(k, rotary)] : [q, k];
  let scores = tf.mul(tf.matMul(qr, kr, false, true), 1 / Math.sqrt(dh));
  if (mask) scores = tf.add(scores, mask);
  const attended = tf.matMul(tf.softmax(scores), v); // [B·H, L, dh]
  return tf.reshape(tf.transpose(tf.reshape(attended, [B, heads, L, dh]), [0, 2, 1, 3]), [B, L, d]) as tf.Tensor3D;
}

/** Below any score attention meets: e^(−10⁹) is 0 in float32, so a masked cell gets no weight. */
const MASKED = -1e9;

/** The causal mask [L, L]: cell i may attend to cells 0…i. */
export function causalMask(length: number): tf.Tensor2D {
  const data = new Float32Array(length * length);
  for (let i = 0; i < length; i++) data.fill(MASKED, i * length + i + 1, (i + 1) * length);
  return tf.tensor2d(data, [length, length]);
}
