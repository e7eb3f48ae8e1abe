import * as tf from '@tensorflow/tfjs-core';
import { oneHotStates, softmaxCrossEntropy } from '@sead/core/training';
import { mixSeed, randomInt, seededRandom, type Task } from '@sead/tasks';
import { Adam, sampleRelaxBatch } from '@sead/trainer';
import { cellInputs } from './inputs.js';
import type { BaselineModel } from './model.js';

export interface BaselineTrainOptions {
  task: Task<any, any>;
  /** The model to train, in place (`BaselineModel.create` with the run's seed). */
  model: BaselineModel;
  /** Seed of every batch. */
  seed: number;
  /** Instance lengths trained on, [min, max]: each batch draws one uniformly. */
  trainLengths: readonly [number, number];
  /** The iteration budget: training runs it all (there is no early stop to bias a comparison). */
  iterations: number;
  /** A bound on wall time, in seconds, that stops training early if it is reached first. */
  maxSeconds?: number;
  batchSize?: number;
  learningRate?: number;
  /** Called after every iteration; a returned promise is awaited. */
  onIteration?: (event: { iteration: number; loss: number; seconds: number }) => void | Promise<void>;
}

export interface BaselineTrainResult {
  iterations: number;
  seconds: number;
  /** The mean loss of the last iterations (up to 50). */
  loss: number;
  /** Whether the bound on wall time stopped training before its iterations were done. */
  timedOut: boolean;
}

export const DEFAULT_BASELINE_BATCH = 32;
export const DEFAULT_BASELINE_LEARNING_RATE = 1e-3;

/** The gradients' global norm is clipped to this, as is usual for Transformers; the same for every baseline. */
const CLIP_NORM = 1;

/**
 * Trains a baseline on per-cell targets, the supervision of SEAD's relax regime: random instances
 * of the task at lengths drawn uniformly from `trainLengths`, and the cross-entropy of every cell's
 * logits against the symbol the task says it ends in (`cellTargets`). Adam, gradients clipped to a
 * global norm of 1. Deterministic: batch i is drawn from a seed mixed from `seed` and i.
 */
export async function trainBaseline(options: BaselineTrainOptions): Promise<BaselineTrainResult> {
  const { task, model, seed, iterations } = options;
  const [minLength, maxLength] = options.trainLengths;
  if (!task.cellTargets) throw new Error(`task "${task.id}" has no per-cell targets; the baselines learn them`);
  if (task.dimensions === 2) throw new Error(`task "${task.id}" lays its lattices out as grids; the baselines read sequences`);
  if (!(Number.isInteger(minLength) && Number.isInteger(maxLength) && minLength >= 1 && minLength <= maxLength)) {
    throw new RangeError(`training lengths must be integers with 1 ≤ min ≤ max, got [${minLength}, ${maxLength}]`);
  }
  if (model.taskId !== task.id) throw new RangeError(`model was built for task "${model.taskId}", not "${task.id}"`);
  const batchSize = options.batchSize ?? DEFAULT_BASELINE_BATCH;
  const variables = Object.values(model.weights);
  const optimizer = new Adam(variables, options.learningRate ?? DEFAULT_BASELINE_LEARNING_RATE);
  const S = task.stateSymbols.length;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const recent: number[] = [];
  let iteration = 0;
  while (iteration < iterations && !(options.maxSeconds !== undefined && elapsed() > options.maxSeconds)) {
    const random = seededRandom(mixSeed(seed, iteration));
    const batch = sampleRelaxBatch(task, randomInt(random, minLength, maxLength), batchSize, random);
    const loss = tf.tidy(() => {
      const B = batch.lattices.length;
      const L = batch.length;
      const x = cellInputs(task, batch.lattices);
      const target = tf.reshape(oneHotStates(batch.targets, B, L, S), [B * L, S]) as tf.Tensor2D;
      const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(tf.reshape(model.logits(x), [B * L, S]) as tf.Tensor2D, target), variables);
      optimizer.apply(clipByGlobalNorm(variables.map((v) => grads[v.name]), CLIP_NORM));
      return value.dataSync()[0];
    });
    iteration++;
    recent.push(loss);
    if (recent.length > 50) recent.shift();
    await options.onIteration?.({ iteration, loss, seconds: elapsed() });
  }
  const mean = recent.length === 0 ? NaN : recent.reduce((a, b) => a + b, 0) / recent.length;
  return { iterations: iteration, seconds: elapsed(), loss: mean, timedOut: iteration < iterations };
}

/** The gradients scaled down, all alike, so that their global L2 norm is at most `limit`. */
function clipByGlobalNorm(grads: tf.Tensor[], limit: number): tf.Tensor[] {
  const norm = Math.sqrt(grads.reduce((sum, g) => sum + tf.sum(tf.mul(g, g)).dataSync()[0], 0));
  return norm > limit ? grads.map((g) => tf.mul(g, limit / norm)) : grads;
}
