import * as tf from '@tensorflow/tfjs-core';
import { SeadUnroll, SeadUnrollGrad } from './kernels/sead-unroll.js';
import { embed, stepLogits } from './step.js';
import type { SeadWeights } from './model/weights.js';

/** Whether the active backend runs `SeadUnroll` (and its gradient) as fused kernels. */
export function hasFusedUnroll(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(SeadUnroll, backend) !== undefined && tf.getKernel(SeadUnrollGrad, backend) !== undefined;
}

/** Logits [B, L, C] after `steps` ≥ 1 steps from state h0 [B, L, C], on input features x [B, L, F]. */
export function unrollLogits(w: SeadWeights, x: tf.Tensor3D, h0: tf.Tensor3D, radius: number, steps: number): tf.Tensor3D {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be an integer ≥ 1, got ${steps}`);
  if (hasFusedUnroll()) {
    const inputs = { x, h0, We: w.We, Ws: w.Ws, W1: w.W1, b1: w.b1, W2: w.W2, b2: w.b2, Wh: w.Wh, bh: w.bh };
    const [logits] = tf.engine().runKernel(SeadUnroll, inputs as never, { radius, steps } as never) as tf.Tensor[];
    return logits as tf.Tensor3D;
  }
  return compositeUnroll(w, x, h0, radius, steps);
}

/** `SeadUnroll` from generic tfjs ops: what backends without the fused kernels run. */
export function compositeUnroll(w: SeadWeights, x: tf.Tensor3D, h0: tf.Tensor3D, radius: number, steps: number): tf.Tensor3D {
  const e = embed(w, x);
  let h = h0;
  for (let t = 1; t < steps; t++) h = tf.sigmoid(stepLogits(w, e, h, radius));
  return stepLogits(w, e, h, radius);
}
