import * as tf from '@tensorflow/tfjs-core';
import { stepBody, type StepBody, type StepOutput, type UnrollShape } from './cell-codegen.js';
import { cellScratch, cellStep } from './cell-loops.js';
import { SeadRelaxStep, SeadStep } from './sead-step.js';

/**
 * `SeadStep` and `SeadRelaxStep` in plain JavaScript over the backend's own typed arrays: for
 * backends that keep tensors in CPU memory, one pass over the cells instead of a dozen generic
 * kernels with a tensor between each. The pass is generated per model shape (cell-codegen.ts);
 * `stepLoops` is the same pass over `cellStep` (cell-loops.ts), for shapes too large to unroll.
 */
export const stepLoops =
  (shape: UnrollShape, output: StepOutput): StepBody =>
  (B, L, D, G, W2, b2, Wh, bh, h, out, delta) => {
    const { C } = shape;
    const weights = { D, G, W2, b2, Wh, bh };
    const s = cellScratch(shape);
    let moved = 0;
    for (let cell = 0; cell < B * L; cell++) {
      const i = cell % L;
      cellStep(shape, weights, h, 0, L, cell, i, s);
      for (let c = 0; c < C; c++) {
        if (output === 'logits') {
          out[cell * C + c] = s.logits[c];
          continue;
        }
        const y = Math.fround(1 / (1 + Math.exp(-s.logits[c])));
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
