import * as tf from '@tensorflow/tfjs-core';
import { stepBody, type StepBody, type StepOutput, type UnrollShape } from './cell-codegen.js';
import { SeadRelaxStep, SeadStep } from './sead-step.js';

/**
 * `SeadStep` and `SeadRelaxStep` in plain JavaScript over the backend's own typed arrays: for
 * backends that keep tensors in CPU memory, one pass over the cells instead of a dozen generic
 * kernels with a tensor between each. The pass is generated per model shape (cell-codegen.ts);
 * `stepLoops` is the same pass as loops, for shapes too large to unroll.
 */
export const stepLoops =
  ({ C, H, r }: UnrollShape, output: StepOutput): StepBody =>
  (B, L, D, G, W2, b2, Wh, bh, h, out, delta) => {
    const a1 = new Float64Array(H);
    const a2 = new Float64Array(H);
    let moved = 0;
    for (let cell = 0; cell < B * L; cell++) {
      const i = cell % L;
      for (let u = 0; u < H; u++) a1[u] = D[cell * H + u];
      for (let k = -r; k <= r; k++) {
        if (i + k < 0 || i + k >= L) continue; // beyond either end the state reads as zero
        const src = (cell + k) * C;
        const tap = (k + r) * C * H;
        for (let c = 0; c < C; c++) {
          const x = h[src + c];
          for (let u = 0; u < H; u++) a1[u] += x * G[tap + c * H + u];
        }
      }
      for (let u = 0; u < H; u++) if (!(a1[u] > 0)) a1[u] = 0;
      for (let v = 0; v < H; v++) {
        let s = b2[v];
        for (let u = 0; u < H; u++) s += a1[u] * W2[u * H + v];
        a2[v] = s > 0 ? s : 0;
      }
      for (let c = 0; c < C; c++) {
        let s = bh[c];
        for (let v = 0; v < H; v++) s += a2[v] * Wh[v * C + c];
        if (output === 'logits') {
          out[cell * C + c] = s;
          continue;
        }
        const y = Math.fround(1 / (1 + Math.exp(-s)));
        out[cell * C + c] = y;
        const d = Math.abs(y - h[cell * C + c]);
        if (d > moved) moved = d;
      }
      if (output === 'relax' && i === L - 1) {
        delta![(cell - i) / L] = moved;
        moved = 0;
      }
    }
  };

const bodies = new Map<string, StepBody>();

/** The generated pass for this shape where it pays off, the loops elsewhere. */
function bodyFor(shape: UnrollShape, output: StepOutput): StepBody {
  const key = `${shape.C}:${shape.H}:${shape.r}:${output}`;
  if (!bodies.has(key)) bodies.set(key, stepBody(shape, output) ?? stepLoops(shape, output));
  return bodies.get(key)!;
}

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: tf.KernelBackend; attrs?: Record<string, unknown> };

/** Runs one pass; returns the output [B, L, C] and, for `relax`, each lattice's largest move [B]. */
function run({ inputs, backend, attrs }: KernelArgs, output: StepOutput): tf.TensorInfo[] {
  const read = (name: string) => backend.readSync(inputs[name].dataId) as Float32Array;
  const [B, L, H] = inputs.inputDrive.shape;
  const C = inputs.h.shape[2];
  const out = new Float32Array(B * L * C);
  const delta = output === 'relax' ? new Float32Array(B) : null;
  const body = bodyFor({ C, H, r: attrs!.radius as number }, output);
  body(B, L, read('inputDrive'), read('stateTaps'), read('W2'), read('b2'), read('Wh'), read('bh'), read('h'), out, delta);
  const infos: tf.TensorInfo[] = [{ dataId: backend.write(out, [B, L, C], 'float32'), shape: [B, L, C], dtype: 'float32' }];
  if (delta) infos.push({ dataId: backend.write(delta, [B], 'float32'), shape: [B], dtype: 'float32' });
  return infos;
}

/** Registers the JavaScript `SeadStep` and `SeadRelaxStep` for a backend that keeps tensors in CPU memory (e.g. "cpu"). */
export function registerJsStepKernel(backendName: string): void {
  if (!tf.getKernel(SeadStep, backendName)) {
    tf.registerKernel({ kernelName: SeadStep, backendName, kernelFunc: ((args: KernelArgs) => run(args, 'logits')[0]) as unknown as tf.KernelFunc });
  }
  if (!tf.getKernel(SeadRelaxStep, backendName)) {
    tf.registerKernel({ kernelName: SeadRelaxStep, backendName, kernelFunc: ((args: KernelArgs) => run(args, 'relax')) as unknown as tf.KernelFunc });
  }
}
