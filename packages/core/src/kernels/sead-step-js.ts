import * as tf from '@tensorflow/tfjs-core';
import { kernelShape, stepBody, type StepBody, type StepOutput, type UnrollShape } from './cell-codegen.js';
import { cellScratch, cellStep } from './cell-loops.js';
import { SeadRelaxStep, SeadStep } from './sead-step.js';

/**
 * `SeadStep` and `SeadRelaxStep` in plain JavaScript over the backend's own typed arrays: for
 * backends that keep tensors in CPU memory, one pass over the cells instead of a dozen generic
 * kernels with a tensor between each, rows and grids alike. The pass is generated per model shape
 * (cell-codegen.ts); `stepLoops` is the same pass over `cellStep` (cell-loops.ts), for shapes too
 * large to unroll.
 */
export const stepLoops =
  (shape: UnrollShape, output: StepOutput): StepBody =>
  (B, L, columns, D, G, W2, b2, Wh, bh, h, out, delta) => {
    const { C } = shape;
    const rows = L / columns;
    const weights = { D, G, W2, b2, Wh, bh };
    const s = cellScratch(shape);
    for (let b = 0; b < B; b++) {
      let moved = 0;
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < columns; x++) {
          const cell = b * L + y * columns + x;
          cellStep(shape, weights, h, 0, rows, columns, cell, y, x, s);
          for (let c = 0; c < C; c++) {
            if (output === 'logits') {
              out[cell * C + c] = s.logits[c];
              continue;
            }
            const v = Math.fround(1 / (1 + Math.exp(-s.logits[c])));
            out[cell * C + c] = v;
            const d = Math.abs(v - h[cell * C + c]);
            if (d > moved) moved = d;
          }
        }
      }
      if (output === 'relax') delta![b] = moved;
    }
  };

const bodies = new Map<string, StepBody>();

/** The generated pass for this shape where it pays off, the loops elsewhere. */
function bodyFor(shape: UnrollShape, output: StepOutput): StepBody {
  const key = `${shape.key}:${output}`;
  if (!bodies.has(key)) bodies.set(key, stepBody(shape, output) ?? stepLoops(shape, output));
  return bodies.get(key)!;
}

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: tf.KernelBackend; attrs?: Record<string, unknown> };

/**
 * Runs one pass over rows, or over grids of `columns` cells a row (attrs: `radius`, and `columns`,
 * 0 for rows); returns the output [B, L, C] and, for `relax`, each lattice's largest move [B].
 */
function run({ inputs, backend, attrs }: KernelArgs, output: StepOutput): tf.TensorInfo[] {
  const read = (name: string) => backend.readSync(inputs[name].dataId) as Float32Array;
  const [B, L, H] = inputs.inputDrive.shape;
  const C = inputs.h.shape[2];
  const { shape, columns } = kernelShape(C, H, inputs.stateTaps.shape[0], L, attrs!);
  const out = new Float32Array(B * L * C);
  const delta = output === 'relax' ? new Float32Array(B) : null;
  const body = bodyFor(shape, output);
  body(B, L, columns, read('inputDrive'), read('stateTaps'), read('W2'), read('b2'), read('Wh'), read('bh'), read('h'), out, delta);
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
