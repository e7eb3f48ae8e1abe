import * as tf from '@tensorflow/tfjs-core';
import type { Answer, AnswerOptions, Model, TaskShape } from '@sead/core';
import { checkLattice, type Lattice, type Task } from '@sead/tasks';
import { baselineName, parameterCount, validateBaselineConfig, type BaselineConfig, type BaselineName } from './config.js';
import { cellInputs, inputWidth } from './inputs.js';
import { recurrentLogits, recurrentWork } from './recurrent.js';
import { transformerLogits, transformerWork } from './transformer.js';
import { initialWeights, toArrays, toVariables, type WeightArrays, type Weights } from './weights.js';
// The kernels the baselines use are differentiated by these configs, wherever the model is imported from.
import './gradients.js';

/** A baseline's shape as a user picks it; the inputs and symbols follow from the task. */
export type BaselineShape = BaselineConfig extends infer C ? (C extends BaselineConfig ? Omit<C, 'inputs' | 'symbols'> : never) : never;

/** Attention scores one batch may hold (B · heads · L² floats): 64 MiB, so that long lattices go one at a time. */
const MAX_SCORES_PER_BATCH = 1 << 24;

/**
 * A sequence baseline bound to its task: a per-cell labeller that reads every cell's inputs and
 * gives every cell's state symbol, the symbols the task's `cellTargets` names and its `decode`
 * reads. It implements the core's `Model`, so the evaluator sweeps it as it sweeps SEAD.
 */
export class BaselineModel implements Model {
  readonly config: BaselineConfig;
  readonly taskId: string;
  readonly weights: Weights;

  constructor(config: BaselineConfig, taskId: string, arrays: WeightArrays) {
    this.config = validateBaselineConfig(config);
    this.taskId = taskId;
    this.weights = toVariables(this.config, arrays);
  }

  /** A freshly initialised baseline for a task; the seed fixes every weight. */
  static create(task: TaskShape, shape: BaselineShape, seed: number): BaselineModel {
    const config = validateBaselineConfig({ ...shape, inputs: inputWidth(task), symbols: task.stateSymbols.length });
    return new BaselineModel(config, task.id, initialWeights(config, seed));
  }

  get architecture(): BaselineName {
    return baselineName(this.config);
  }

  get parameterCount(): number {
    return parameterCount(this.config);
  }

  /** A learned position table ends: no vector stands for a cell beyond it. */
  get maxLength(): number | undefined {
    return this.config.architecture === 'transformer' && this.config.positions === 'learned' ? this.config.maxPositions : undefined;
  }

  work(cells: number): number {
    return this.config.architecture === 'transformer' ? transformerWork(this.config, cells) : recurrentWork(this.config, cells);
  }

  /** Every cell's symbol logits [B, L, S] for its inputs [B, L, I] (see `cellInputs`). */
  logits(x: tf.Tensor3D): tf.Tensor3D {
    if (this.maxLength !== undefined && x.shape[1] > this.maxLength) {
      throw new RangeError(`a ${this.architecture} model reads at most ${this.maxLength} cells (its learned positions), got ${x.shape[1]}`);
    }
    return this.config.architecture === 'transformer' ? transformerLogits(this.weights, this.config, x) : recurrentLogits(this.weights, this.config, x);
  }

  /** The symbol of every cell of each lattice (lattices of one length): the argmax of its logits. */
  symbols(task: TaskShape, lattices: readonly Lattice[]): Uint8Array[] {
    const L = lattices[0].length;
    const flat = tf.tidy(() => tf.argMax(this.logits(cellInputs(task, lattices)), 2).dataSync());
    return lattices.map((_, b) => Uint8Array.from(flat.subarray(b * L, (b + 1) * L)));
  }

  /**
   * Answers instances: encode, label every cell, decode. Lattices of one length go side by side,
   * as many as `batchSize` (64) and the attention scores' memory allow. Every lattice is checked
   * against the task first, as SEAD's `predictMany` does.
   */
  predictMany<I, O>(task: Task<I, O>, instances: readonly I[], options: AnswerOptions = {}): Answer<O>[] {
    if (this.taskId !== task.id) throw new RangeError(`model was trained for task "${this.taskId}", not "${task.id}"`);
    const lattices = instances.map((instance) => checkLattice(task, task.encode(instance)));
    const groups = new Map<number, number[]>();
    lattices.forEach((lattice, k) => groups.set(lattice.length, [...(groups.get(lattice.length) ?? []), k]));
    const out: Answer<O>[] = new Array(instances.length);
    let answered = 0;
    for (const [L, indices] of groups) {
      const size = this.batchSize(L, options.batchSize ?? 64);
      for (let start = 0; start < indices.length; start += size) {
        const chunk = indices.slice(start, start + size);
        const symbols = this.symbols(task, chunk.map((k) => lattices[k]));
        chunk.forEach((k, j) => (out[k] = { output: task.decode(instances[k], symbols[j]), steps: this.steps(L), converged: true }));
        answered += chunk.length;
        options.onAnswered?.(answered, instances.length, out[chunk[chunk.length - 1]]);
      }
    }
    return out;
  }

  /** Sequential steps of one answer: a Transformer's layers, a recurrent network's time steps. */
  steps(cells: number): number {
    return this.config.architecture === 'transformer' ? this.config.layers : cells;
  }

  weightArrays(): WeightArrays {
    return toArrays(this.config, this.weights);
  }

  dispose(): void {
    for (const w of Object.values(this.weights)) w.dispose();
  }

  /** Lattices of `cells` cells answered side by side: at most `wanted`, fewer when attention's scores would not fit. */
  private batchSize(cells: number, wanted: number): number {
    if (this.config.architecture !== 'transformer') return wanted;
    return Math.max(1, Math.min(wanted, Math.floor(MAX_SCORES_PER_BATCH / (this.config.heads * cells * cells))));
  }
}
