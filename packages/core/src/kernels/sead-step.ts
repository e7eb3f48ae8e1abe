import * as tf from '@tensorflow/tfjs-core';
import type { SeadWeights } from '../model/weights.js';
import { windowConv } from '../step.js';

/**
 * The update rule split for inference. W_1 ⊛ [e ; W_s h] is linear, so it is the input's part,
 * fixed for a whole run, plus the state's part, whose taps fold W_s in:
 *
 *   W_1 ⊛ [e ; W_s h] + b_1 = (W_1^e ⊛ e + b_1) + (W_1^s W_s^T) ⊛ h   [ inputDrive + stateTaps ⊛ h ]
 *
 * A backend may register a fused kernel for `SeadStep`; the composite below runs everywhere else.
 * The kernels' attrs are the window's `radius` and `columns`, the cells per row of grids (0 for
 * rows): tap k of the state taps reads the neighbour at `windowOffsets`' k-th offset.
 */
export const SeadStep = 'SeadStep';
/** One step of the continuous relaxation: the next state σ(logits) and how far each lattice moved. */
export const SeadRelaxStep = 'SeadRelaxStep';

export interface PreparedStep {
  /** W_1^e ⊛ e + b_1: [B, L, H]. */
  readonly inputDrive: tf.Tensor3D;
  /** One [C, H] matrix per tap of the window, in `windowOffsets` order: [K, C, H]. */
  readonly stateTaps: tf.Tensor3D;
  readonly W2: tf.Tensor2D;
  readonly b2: tf.Tensor1D;
  readonly Wh: tf.Tensor2D;
  readonly bh: tf.Tensor1D;
  readonly radius: number;
  /** Cells per row of grid lattices; rows leave it unset. */
  readonly columns?: number;
}

/** The run-invariant half of every step, computed once per run (`columns` for grids, see `stepLogits`). */
export function prepareStep(w: SeadWeights, e: tf.Tensor3D, radius: number, columns?: number): PreparedStep {
  return tf.tidy(() => {
    const E = w.Ws.shape[1] as number;
    const [K, , H] = w.W1.shape as [number, number, number];
    const W1e = tf.slice(w.W1, [0, 0, 0], [K, E, H]) as tf.Tensor3D;
    const W1s = tf.slice(w.W1, [0, E, 0], [K, E, H]) as tf.Tensor3D;
    const inputDrive = tf.add(windowConv(e, W1e, radius, columns), w.b1) as tf.Tensor3D;
    // stateTaps[k] = W_s · W1s[k]: [C, E] × [E, H] for every tap k.
    const stateTaps = tf.stack(tf.unstack(W1s).map((tap) => tf.matMul(w.Ws, tap))) as tf.Tensor3D;
    return { inputDrive, stateTaps, W2: w.W2.clone() as tf.Tensor2D, b2: w.b2.clone() as tf.Tensor1D, Wh: w.Wh.clone() as tf.Tensor2D, bh: w.bh.clone() as tf.Tensor1D, radius, columns };
  });
}

export function disposePrepared(p: PreparedStep): void {
  tf.dispose([p.inputDrive, p.stateTaps, p.W2, p.b2, p.Wh, p.bh]);
}

/** What the fused kernels (these and the unrolls) are told of the window: its radius and, for grids, the cells per row (0 for rows). */
export const windowAttrs = (radius: number, columns?: number) => ({ radius, columns: columns ?? 0 });

/** Logits of one step from state h [B, L, C], rows or grids, through the backend's fused kernel when it has one. */
export function preparedLogits(p: PreparedStep, h: tf.Tensor3D): tf.Tensor3D {
  if (tf.getKernel(SeadStep, tf.getBackend())) {
    const { inputDrive, stateTaps, W2, b2, Wh, bh } = p;
    return tf.engine().runKernel(SeadStep, { inputDrive, h, stateTaps, W2, b2, Wh, bh } as never, windowAttrs(p.radius, p.columns) as never) as tf.Tensor3D;
  }
  return compositeLogits(p, h);
}

/** `SeadStep` from generic tfjs ops: what backends without a fused kernel run. */
export function compositeLogits(p: PreparedStep, h: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const a1 = tf.relu(tf.add(p.inputDrive, windowConv(h, p.stateTaps, p.radius, p.columns)));
    const [B, L, H] = a1.shape;
    const a2 = tf.relu(tf.add(tf.matMul(tf.reshape(a1, [B * L, H]), p.W2), p.b2));
    return tf.reshape(tf.add(tf.matMul(a2, p.Wh), p.bh), [B, L, p.Wh.shape[1]]) as tf.Tensor3D;
  });
}

/**
 * One continuous relaxation step from state h [B, L, C]: the next state σ(logits) and each lattice's
 * largest move max_i |h'_i − h_i| [B], through the backend's fused kernel when it has one.
 */
export function preparedRelaxStep(p: PreparedStep, h: tf.Tensor3D): [next: tf.Tensor3D, moved: tf.Tensor1D] {
  if (tf.getKernel(SeadRelaxStep, tf.getBackend())) {
    const { inputDrive, stateTaps, W2, b2, Wh, bh } = p;
    return tf.engine().runKernel(SeadRelaxStep, { inputDrive, h, stateTaps, W2, b2, Wh, bh } as never, windowAttrs(p.radius, p.columns) as never) as unknown as [tf.Tensor3D, tf.Tensor1D];
  }
  return tf.tidy(() => {
    const next = tf.sigmoid(compositeLogits(p, h));
    return [next, tf.max(tf.abs(tf.sub(next, h)), [1, 2])] as [tf.Tensor3D, tf.Tensor1D];
  });
}
