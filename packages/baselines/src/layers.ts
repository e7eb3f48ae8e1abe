import * as tf from '@tensorflow/tfjs-core';

/** x · W + b on the last axis, the same at every cell: [B, L, K] → [B, L, N]. */
export function dense(x: tf.Tensor3D, W: tf.Tensor, b: tf.Tensor): tf.Tensor3D {
  const [B, L, K] = x.shape;
  const y = tf.add(tf.matMul(tf.reshape(x, [B * L, K]), W as tf.Tensor2D), b);
  return tf.reshape(y, [B, L, W.shape[1] as number]);
}

/** ε of LayerNorm's variance, as in PyTorch. */
const NORM_EPSILON = 1e-5;

/** LayerNorm over the last axis: each cell's vector to zero mean and unit variance, then scaled and shifted. */
export function layerNorm(x: tf.Tensor3D, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor3D {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.mul(centred, centred), -1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, NORM_EPSILON))), gain), bias);
}
