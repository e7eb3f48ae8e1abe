import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean binary cross-entropy of sigmoid(logits) against 0/1 targets, averaged over the entries where
 * `mask` is 1. Its gradient, (σ(x) − y)·mask / Σmask, is written out so no kernel gradient is needed.
 */
export const bceWithLogits = tf.customGrad(((logits: tf.Tensor, targets: tf.Tensor, mask: tf.Tensor, save: tf.GradSaveFunc) => {
  const count = tf.maximum(tf.sum(mask), 1);
  // max(x, 0) − x·y + log(1 + e^{−|x|}) is the stable form of −y·log σ(x) − (1 − y)·log(1 − σ(x)).
  const perEntry = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  save([logits, targets, mask, count]);
  return {
    value: tf.div(tf.sum(tf.mul(perEntry, mask)), count),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [x, y, m, n] = saved;
      const g = tf.mul(tf.div(tf.mul(tf.sub(tf.sigmoid(x), y), m), n), dy);
      return [g, tf.zerosLike(y), tf.zerosLike(m)];
    },
  };
}) as any) as unknown as (logits: tf.Tensor, targets: tf.Tensor, mask: tf.Tensor) => tf.Scalar;

/**
 * Mean softmax cross-entropy of logits [N, K] against one-hot targets [N, K]. Gradient
 * (softmax(x) − y) / N, written out.
 */
export const softmaxCrossEntropy = tf.customGrad(((logits: tf.Tensor2D, onehot: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const logp = tf.logSoftmax(logits);
  const n = logits.shape[0];
  save([logp, onehot]);
  return {
    value: tf.div(tf.neg(tf.sum(tf.mul(logp, onehot))), n),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [lp, y] = saved;
      return [tf.mul(tf.div(tf.sub(tf.exp(lp), y), n), dy), tf.zerosLike(y)];
    },
  };
}) as any) as unknown as (logits: tf.Tensor2D, onehot: tf.Tensor2D) => tf.Scalar;

/**
 * Mean over rows of −log Σ_{k allowed} softmax(logits)_k: the cross-entropy of logits [N, K] against
 * a set of allowed classes per row, `allowed` [N, K] of 0s and 1s with at least one 1 a row (with
 * exactly one, it is `softmaxCrossEntropy`). Gradient (softmax(x) − q) / N, q the softmax over the
 * allowed classes alone, written out.
 */
export const allowedCrossEntropy = tf.customGrad(((logits: tf.Tensor2D, allowed: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const logp = tf.logSoftmax(logits);
  // Classes outside the set get a logit far below any other, so they vanish from the set's softmax.
  const within = tf.add(logp, tf.mul(tf.sub(allowed, 1), 1e30));
  const n = logits.shape[0];
  save([logp, within]);
  return {
    value: tf.div(tf.neg(tf.sum(tf.logSumExp(within, 1))), n),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [lp, w] = saved;
      return [tf.mul(tf.div(tf.sub(tf.exp(lp), tf.softmax(w)), n), dy), tf.zerosLike(w)];
    },
  };
}) as any) as unknown as (logits: tf.Tensor2D, allowed: tf.Tensor2D) => tf.Scalar;
