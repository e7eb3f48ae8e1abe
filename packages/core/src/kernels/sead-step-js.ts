import * as tf from '@tensorflow/tfjs-core';
import { SeadStep } from './sead-step.js';

/**
 * `SeadStep` in plain JavaScript over the backend's own typed arrays: for backends that keep tensors
 * in CPU memory, one pass per cell instead of a dozen generic kernels with a tensor between each.
 */
function seadStepJs({ inputs, backend, attrs }: { inputs: Record<string, tf.TensorInfo>; backend: tf.KernelBackend; attrs?: Record<string, unknown> }): tf.TensorInfo {
  const read = (name: string) => backend.readSync(inputs[name].dataId) as Float32Array;
  const [B, L, H] = inputs.inputDrive.shape;
  const C = inputs.h.shape[2];
  const r = attrs!.radius as number;
  const drive = read('inputDrive');
  const h = read('h');
  const taps = read('stateTaps');
  const W2 = read('W2');
  const b2 = read('b2');
  const Wh = read('Wh');
  const bh = read('bh');
  const out = new Float32Array(B * L * C);
  const a1 = new Float32Array(H);
  const a2 = new Float32Array(H);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < L; i++) {
      const cell = b * L + i;
      for (let u = 0; u < H; u++) a1[u] = drive[cell * H + u];
      for (let k = -r; k <= r; k++) {
        const j = i + k;
        if (j < 0 || j >= L) continue; // beyond either end the state reads as zero
        const src = (b * L + j) * C;
        const tap = (k + r) * C * H;
        for (let c = 0; c < C; c++) {
          const x = h[src + c];
          if (x === 0) continue;
          const row = tap + c * H;
          for (let u = 0; u < H; u++) a1[u] += x * taps[row + u];
        }
      }
      for (let u = 0; u < H; u++) if (a1[u] < 0) a1[u] = 0;
      for (let v = 0; v < H; v++) {
        let s = b2[v];
        for (let u = 0; u < H; u++) s += a1[u] * W2[u * H + v];
        a2[v] = s > 0 ? s : 0;
      }
      for (let c = 0; c < C; c++) {
        let s = bh[c];
        for (let v = 0; v < H; v++) s += a2[v] * Wh[v * C + c];
        out[cell * C + c] = s;
      }
    }
  }
  return { dataId: backend.write(out, [B, L, C], 'float32'), shape: [B, L, C], dtype: 'float32' };
}

/** Registers the JavaScript `SeadStep` for a backend that keeps tensors in CPU memory (e.g. "cpu"). */
export function registerJsStepKernel(backendName: string): void {
  if (!tf.getKernel(SeadStep, backendName)) {
    tf.registerKernel({ kernelName: SeadStep, backendName, kernelFunc: seadStepJs as unknown as tf.KernelFunc });
  }
}
