import * as tf from '@tensorflow/tfjs-core';
import { SeadProjectedUnroll, SeadProjectedUnrollGrad, SeadUnroll, SeadUnrollGrad } from './kernels/sead-unroll.js';
import { windowAttrs } from './kernels/sead-step.js';
import { embed, stepLogits } from './step.js';
import type { SeadWeights } from './model/weights.js';

/** Whether the active backend runs this kernel and its gradient kernel as fused kernels. */
function hasFused(kernel: string, gradient: string): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(kernel, backend) !== undefined && tf.getKernel(gradient, backend) !== undefined;
}

/** Whether the active backend runs `SeadUnroll` (and its gradient) as fused kernels. */
export function hasFusedUnroll(): boolean {
  return hasFused(SeadUnroll, SeadUnrollGrad);
}

/** Whether the active backend runs `SeadProjectedUnroll` (and its gradient) as fused kernels. */
export function hasFusedProjectedUnroll(): boolean {
  return hasFused(SeadProjectedUnroll, SeadProjectedUnrollGrad);
}

function checkSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be an integer ≥ 1, got ${steps}`);
}

const unrollInputs = (w: SeadWeights, x: tf.Tensor3D, h0: tf.Tensor3D) => ({ x, h0, We: w.We, Ws: w.Ws, W1: w.W1, b1: w.b1, W2: w.W2, b2: w.b2, Wh: w.Wh, bh: w.bh });

/**
 * Logits [B, L, C] after `steps` ≥ 1 steps from state h0 [B, L, C], on input features x [B, L, F]
 * (grids of `columns` cells per row: see `stepLogits`).
 */
export function unrollLogits(w: SeadWeights, x: tf.Tensor3D, h0: tf.Tensor3D, radius: number, steps: number, columns?: number): tf.Tensor3D {
  checkSteps(steps);
  if (hasFusedUnroll()) {
    const [logits] = tf.engine().runKernel(SeadUnroll, unrollInputs(w, x, h0) as never, { ...windowAttrs(radius, columns), steps } as never) as tf.Tensor[];
    return logits as tf.Tensor3D;
  }
  return compositeUnroll(w, x, h0, radius, steps, columns);
}

/** `SeadUnroll` from generic tfjs ops: what backends without the fused kernels run. */
export function compositeUnroll(w: SeadWeights, x: tf.Tensor3D, h0: tf.Tensor3D, radius: number, steps: number, columns?: number): tf.Tensor3D {
  const e = embed(w, x);
  let h = h0;
  for (let t = 1; t < steps; t++) h = tf.sigmoid(stepLogits(w, e, h, radius, columns));
  return stepLogits(w, e, h, radius, columns);
}

/**
 * The logits of every step [steps, B, L, C] of a discrete run from the one-hot state h0 [B, L, C]:
 * each step's input is the one-hot symbol of the previous step's argmax, exactly as a discrete
 * model runs, so what a loss sees is what inference does. The projection has no useful derivative;
 * its gradient is taken straight through, as if it were the logits' softmax.
 */
export function projectedUnrollLogits(w: SeadWeights, x: tf.Tensor3D, h0: tf.Tensor3D, radius: number, steps: number, columns?: number): tf.Tensor4D {
  checkSteps(steps);
  if (hasFusedProjectedUnroll()) {
    const [logits] = tf.engine().runKernel(SeadProjectedUnroll, unrollInputs(w, x, h0) as never, { ...windowAttrs(radius, columns), steps } as never) as tf.Tensor[];
    return logits as tf.Tensor4D;
  }
  return compositeProjectedUnroll(w, x, h0, radius, steps, columns);
}

/** `SeadProjectedUnroll` from generic tfjs ops: what backends without the fused kernels run. */
export function compositeProjectedUnroll(w: SeadWeights, x: tf.Tensor3D, h0: tf.Tensor3D, radius: number, steps: number, columns?: number): tf.Tensor4D {
  const e = embed(w, x);
  const [B, L, C] = h0.shape;
  const out: tf.Tensor[] = [];
  let h = h0;
  for (let t = 0; t < steps; t++) {
    const logits = stepLogits(w, e, h, radius, columns);
    out.push(tf.reshape(logits, [1, B, L, C]));
    if (t < steps - 1) h = project(logits);
  }
  return (steps === 1 ? out[0] : tf.concat(out, 0)) as tf.Tensor4D;
}

/** The one-hot symbol of the logits' argmax [B, L, C]; backward, the softmax's Jacobian (straight through). */
const project = tf.customGrad(((logits: tf.Tensor3D, save: tf.GradSaveFunc) => {
  const p = tf.softmax(logits);
  save([p]);
  return {
    value: tf.cast(tf.oneHot(tf.argMax(logits, 2), logits.shape[2]), 'float32'),
    gradFunc: (dy: tf.Tensor, [q]: tf.Tensor[]) => tf.mul(q, tf.sub(dy, tf.sum(tf.mul(q, dy), 2, true))),
  };
}) as any) as unknown as (logits: tf.Tensor3D) => tf.Tensor3D;
