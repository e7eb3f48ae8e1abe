import * as tf from '@tensorflow/tfjs-core';
import { SeadProjectedUnroll, SeadProjectedUnrollGrad, SeadUnroll, SeadUnrollGrad } from './sead-unroll.js';
import { kernelShape, unrolledBodies, type BackwardBody, type ForwardBody, type UnrollMode, type UnrollShape } from './cell-codegen.js';
import { inside } from './cell-loops.js';
import { backwardLoops, forwardLoops } from './unroll-loops.js';

/**
 * `SeadUnroll`, `SeadProjectedUnroll` and their gradients in plain JavaScript over a CPU backend's
 * typed arrays: the whole backpropagation through time in two passes, where the composite spells out
 * a dozen kernels per step with a tensor between each. Arithmetic is float64 inside, float32 at the
 * edges.
 *
 * The step, with W_1 = [W_1^e ; W_1^s] split into its input and state rows:
 *
 *   a1 = relu(D + Σ_k G_k^T h_{i+o_k}),  D = b_1 + Σ_k W_1^e[k]^T e_{i+o_k},  G_k = W_s W_1^s[k]
 *   a2 = relu(W_2^T a1 + b_2),  logits = W_h^T a2 + b_h
 *
 * where o_k is the window's k-th offset (cell-codegen.ts): along a row, or (dy, dx) in a grid of
 * `columns` cells a row (attrs: `radius`, `steps`, and `columns`, 0 for rows); beyond an edge
 * states and embeddings read as zero. D is fixed for the whole unroll and G folds W_s into the
 * taps, so a step costs K·C·H + H² + H·C multiply-adds per cell, K the window's size.
 */
type Inputs = Record<string, tf.TensorInfo>;
interface KernelArgs {
  inputs: Inputs;
  backend: tf.KernelBackend;
  attrs?: Record<string, unknown>;
}

/** The sizes of one unroll, read off its inputs, and its window. */
interface Dims {
  B: number;
  L: number;
  F: number;
  E: number;
  C: number;
  H: number;
  K: number;
  T: number;
  shape: UnrollShape;
  /** Cells per row: L for rows. */
  columns: number;
}

function dimsOf(inputs: Inputs, attrs: Record<string, unknown>): Dims {
  const [B, L, F] = inputs.x.shape;
  const E = inputs.We.shape[1];
  const C = inputs.h0.shape[2];
  const [K, , H] = inputs.W1.shape;
  const { shape, columns } = kernelShape(C, H, K, L, attrs);
  return { B, L, F, E, C, H, K, T: attrs.steps as number, shape, columns };
}

const read = (backend: tf.KernelBackend, info: tf.TensorInfo) => backend.readSync(info.dataId) as Float32Array;

/** e = x · W_e over every cell, [B·L, E]. Features are often one-hot: zeros are skipped. */
function embedding(d: Dims, x: Float32Array, We: Float32Array): Float64Array {
  const { B, L, F, E } = d;
  const e = new Float64Array(B * L * E);
  for (let cell = 0; cell < B * L; cell++) {
    for (let f = 0; f < F; f++) {
      const v = x[cell * F + f];
      if (v === 0) continue;
      for (let o = 0; o < E; o++) e[cell * E + o] += v * We[f * E + o];
    }
  }
  return e;
}

/** D = b_1 + W_1^e ⊛ e over every cell: [B·L, H]. */
function inputDrive(d: Dims, e: Float64Array, W1: Float32Array, b1: Float32Array): Float64Array {
  const { B, L, E, H, K, columns } = d;
  const { offsets } = d.shape;
  const rows = L / columns;
  const D = new Float64Array(B * L * H);
  for (let b = 0; b < B; b++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const cell = b * L + y * columns + x;
        const out = cell * H;
        for (let u = 0; u < H; u++) D[out + u] = b1[u];
        for (let k = 0; k < K; k++) {
          if (!inside(offsets[k], rows, columns, y, x)) continue;
          const src = (cell + offsets[k][0] * columns + offsets[k][1]) * E;
          for (let o = 0; o < E; o++) {
            const v = e[src + o];
            const row = (k * 2 * E + o) * H;
            for (let u = 0; u < H; u++) D[out + u] += v * W1[row + u];
          }
        }
      }
    }
  }
  return D;
}

/** G_k = W_s · W_1^s[k]: the state taps, [K, C, H]. */
function stateTaps(d: Dims, Ws: Float32Array, W1: Float32Array): Float64Array {
  const { E, C, H, K } = d;
  const G = new Float64Array(K * C * H);
  for (let k = 0; k < K; k++) {
    for (let c = 0; c < C; c++) {
      for (let x = 0; x < E; x++) {
        const w = Ws[c * E + x];
        const row = (k * 2 * E + E + x) * H;
        for (let u = 0; u < H; u++) G[(k * C + c) * H + u] += w * W1[row + u];
      }
    }
  }
  return G;
}

/**
 * Back from the gradients at D = b_1 + W_1^e ⊛ e and G_k = W_s W_1^s[k] to the weights and the
 * embedding e = x · W_e: these are fixed over the unroll, so this runs once, not once per step.
 */
function inputGradients(d: Dims, x: Float32Array, e: Float64Array, We: Float32Array, Ws: Float32Array, W1: Float32Array, dD: Float64Array, dG: Float64Array) {
  const { B, L, F, E, C, H, K, columns } = d;
  const { offsets } = d.shape;
  const N = B * L;
  const rows = L / columns;
  const de = new Float64Array(N * E);
  const dW1 = new Float64Array(K * 2 * E * H);
  const db1 = new Float64Array(H);
  for (let b = 0; b < B; b++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const cell = b * L + y * columns + x;
        for (let u = 0; u < H; u++) db1[u] += dD[cell * H + u];
        for (let k = 0; k < K; k++) {
          if (!inside(offsets[k], rows, columns, y, x)) continue;
          const src = (cell + offsets[k][0] * columns + offsets[k][1]) * E;
          for (let o = 0; o < E; o++) {
            const row = (k * 2 * E + o) * H;
            const v = e[src + o];
            let s = 0;
            for (let u = 0; u < H; u++) {
              dW1[row + u] += v * dD[cell * H + u];
              s += W1[row + u] * dD[cell * H + u];
            }
            de[src + o] += s;
          }
        }
      }
    }
  }
  const dWs = new Float64Array(C * E);
  for (let k = 0; k < K; k++) {
    for (let c = 0; c < C; c++) {
      for (let o = 0; o < E; o++) {
        const row = (k * 2 * E + E + o) * H;
        let s = 0;
        for (let u = 0; u < H; u++) {
          s += dG[(k * C + c) * H + u] * W1[row + u];
          dW1[row + u] += Ws[c * E + o] * dG[(k * C + c) * H + u];
        }
        dWs[c * E + o] += s;
      }
    }
  }
  const dWe = new Float64Array(F * E);
  for (let cell = 0; cell < N; cell++) {
    for (let f = 0; f < F; f++) {
      const v = x[cell * F + f];
      if (v === 0) continue;
      for (let o = 0; o < E; o++) dWe[f * E + o] += v * de[cell * E + o];
    }
  }
  return { de, dWe, dWs, dW1, db1 };
}

/**
 * Trace layout, one block per step t = 0 … T−1: the state h_t fed into step t + 1 [B·L, C], then
 * that step's a1 and a2 after their relus [B·L, H] each.
 */
const traceBlock = (d: Dims) => d.B * d.L * (d.C + 2 * d.H);

/** The generated bodies for this shape and mode where they pay off, the loops elsewhere. */
function bodiesFor(shape: UnrollShape, mode: UnrollMode): { forward: ForwardBody; backward: BackwardBody } {
  return unrolledBodies(shape, mode) ?? { forward: forwardLoops(shape, mode), backward: backwardLoops(shape, mode) };
}

/** The forward kernel of an unroll: the last step's logits [B, L, C] (continuous) or every step's [T, B, L, C] (discrete), and the trace. */
function seadUnrollJs(mode: UnrollMode, { inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const d = dimsOf(inputs, attrs!);
  const { B, L, C, T, shape: kernel, columns } = d;
  const W1 = read(backend, inputs.W1);
  const e = embedding(d, read(backend, inputs.x), read(backend, inputs.We));
  const D = inputDrive(d, e, W1, read(backend, inputs.b1));
  const G = stateTaps(d, read(backend, inputs.Ws), W1);
  const trace = new Float32Array(T * traceBlock(d));
  trace.set(read(backend, inputs.h0), 0);
  const shape = mode === 'discrete' ? [T, B, L, C] : [B, L, C];
  const logits = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const { forward } = bodiesFor(kernel, mode);
  forward(B, L, columns, T, D, G, read(backend, inputs.W2), read(backend, inputs.b2), read(backend, inputs.Wh), read(backend, inputs.bh), trace, logits);
  return [
    { dataId: backend.write(logits, shape, 'float32'), shape, dtype: 'float32' },
    { dataId: backend.write(trace, [trace.length], 'float32'), shape: [trace.length], dtype: 'float32' },
  ];
}

/** The gradient kernel of an unroll, from the gradient at its logits. */
function seadUnrollGradJs(mode: UnrollMode, { inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const d = dimsOf(inputs, attrs!);
  const { B, L, E, C, H, K, T, columns } = d;
  const N = B * L;
  const x = read(backend, inputs.x);
  const e = embedding(d, x, read(backend, inputs.We));
  const Ws = read(backend, inputs.Ws);
  const W1 = read(backend, inputs.W1);
  const W2 = read(backend, inputs.W2);
  const Wh = read(backend, inputs.Wh);
  const G = stateTaps(d, Ws, W1);

  const dD = new Float64Array(N * H);
  const dG = new Float64Array(K * C * H);
  const dW2 = new Float64Array(H * H);
  const db2 = new Float64Array(H);
  const dWh = new Float64Array(H * C);
  const dbh = new Float64Array(C);
  // g: the gradient at a step's logits, the last step's first; dh: at its input state, after the
  // first step h0's gradient.
  const dy = read(backend, inputs.dy);
  const g = Float64Array.from(mode === 'discrete' ? dy.subarray((T - 1) * N * C) : dy);
  const dh = new Float64Array(N * C);
  const { backward } = bodiesFor(d.shape, mode);
  const discrete = mode === 'discrete';
  backward(B, L, columns, T, G, W2, Wh, read(backend, inputs.trace), g, dh, dD, dG, dW2, db2, dWh, dbh, discrete ? read(backend, inputs.logits) : null, discrete ? dy : null);

  const { de, dWe, dWs, dW1, db1 } = inputGradients(d, x, e, read(backend, inputs.We), Ws, W1, dD, dG);

  const out = (values: Float32Array | Float64Array, shape: number[]): tf.TensorInfo => ({
    dataId: backend.write(values instanceof Float32Array ? values : Float32Array.from(values), shape, 'float32'),
    shape,
    dtype: 'float32',
  });
  return [
    out(de, [B, L, E]),
    out(dh, [B, L, C]),
    out(dWe, [d.F, E]),
    out(dWs, [C, E]),
    out(dW1, [K, 2 * E, H]),
    out(db1, [H]),
    out(dW2, [H, H]),
    out(db2, [H]),
    out(dWh, [H, C]),
    out(dbh, [C]),
  ];
}

const KERNELS: [string, (args: KernelArgs) => tf.TensorInfo[]][] = [
  [SeadUnroll, (args) => seadUnrollJs('continuous', args)],
  [SeadUnrollGrad, (args) => seadUnrollGradJs('continuous', args)],
  [SeadProjectedUnroll, (args) => seadUnrollJs('discrete', args)],
  [SeadProjectedUnrollGrad, (args) => seadUnrollGradJs('discrete', args)],
];

/** Registers the JavaScript unroll kernels and their gradient kernels for a backend that keeps tensors in CPU memory. */
export function registerJsUnrollKernels(backendName: string): void {
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}
