import * as tf from '@tensorflow/tfjs-core';
import { allowedCrossEntropy, featureTensor, oneHotStates, projectedUnrollLogits, softmaxCrossEntropy, unrollLogits } from '@sead/core/training';
import { TaskContractError, type Task } from '@sead/tasks';
import { sampleRelaxBatch, type Batch } from '../batches.js';
import { curriculumDone, curriculumLength, growCurriculum, relaxSteps } from './curriculum.js';
import type { TrainingRegime } from './regime.js';

/**
 * Weight of the loss that keeps a cell waiting: at every step before the last, a cell should hold
 * its initial symbol or its target, nothing else. Measured on parity: at 1 (per step, averaged over
 * the steps) the trained models still guessed and corrected, about L/4 changes per cell; at 5
 * every model of ten seeds changed each cell once.
 */
const QUIET = 5;

/** Weight of the loss that holds the target attractor: one step from the targets gives the targets. */
const FIXED_POINT = 1;

/**
 * Relax-and-project training: learns from input/output examples alone (the task's `cellTargets`),
 * never from a reference rule, and trains a discrete model on exactly the dynamics it will run:
 * T steps from the lattice's initial symbols, each projected onto the one-hot symbol of its argmax
 * (`projectedUnrollLogits`), differentiated straight through the projection. The loss is
 *
 * - the cross-entropy of the last step's logits against every cell's target (or, with readout
 *   supervision, the answer cell's alone), T drawn from [L + 4, 2L + 4] (a rollout: its K steps);
 * - for fixed-point tasks, the cross-entropy of one step from the targets against the targets, so
 *   that the attractor is a fixed point and a run stops there;
 * - for fixed-point tasks, `allowedCrossEntropy` of every earlier step against {initial symbol,
 *   target}: a cell waits until what it needs has reached it, then takes its answer once. The
 *   sparse engine pays only for cells that change, so this is what makes a run cost O(changes).
 *
 * A batch counts as perfect when every supervised cell ends right and no cell strayed from its
 * initial symbol or its target on the way: the length curriculum grows on those, and validation
 * waits for them. Gradients are clipped to norm 1: without it, rare huge straight-through gradients
 * through long unrolls derailed 4 of 5 addition runs.
 */
export const relax: TrainingRegime = {
  name: 'relax',
  mode: 'discrete',
  // Iterations are cheap (a few milliseconds) and a few seeds need restarts: a budget of minutes.
  defaults: { learningRate: 1e-2, batchSize: 32, maxIterations: 20_000 },
  clipNorm: 1,
  problem(task) {
    if (!task.cellTargets) return `task "${task.id}" has no per-cell targets to learn from; train it with --regime chaos`;
    return undefined;
  },
  lesson(settings, progress, random) {
    const { task, batchSize } = settings;
    const length = curriculumLength(settings, progress, random);
    const batch = sampleRelaxBatch(task, length, batchSize, random);
    // A rollout's batch says its K steps.
    return { length, batch, steps: batch.steps ?? relaxSteps(settings, batch.length, random) };
  },
  loss(model, { task, supervision }, { batch, steps }) {
    const S = task.stateSymbols.length;
    const B = batch.lattices.length;
    const L = batch.length;
    const x = featureTensor(task, batch.lattices);
    const logits = projectedUnrollLogits(model.weights, x, oneHotStates(batch.states!, B, L, S), model.config.radius, steps, batch.columns);
    const last = tf.reshape(tf.slice(logits, [steps - 1, 0, 0, 0], [1, B, L, S]), [B, L, S]) as tf.Tensor3D;
    const final = finalLoss(last, batch, supervision === 'readout' ? readoutCell(task, L) : undefined);
    if (task.dynamics === 'rollout' || supervision === 'readout') return final;
    const target = oneHotStates(batch.targets, B, L, S);
    const held = softmaxCrossEntropy(tf.reshape(unrollLogits(model.weights, x, target, model.config.radius, 1, batch.columns), [B * L, S]), tf.reshape(target, [B * L, S]));
    if (steps === 1) return { loss: tf.add(final.loss, tf.mul(held, FIXED_POINT)) as tf.Scalar, wrong: final.wrong };
    // Every state before the last may be the cell's initial symbol or its target.
    const allowed = tf.minimum(tf.add(oneHotStates(batch.states!, B, L, S), target), 1);
    const before = tf.reshape(tf.slice(logits, [0, 0, 0, 0], [steps - 1, B, L, S]), [(steps - 1) * B * L, S]) as tf.Tensor2D;
    const everyStep = tf.reshape(tf.tile(tf.reshape(allowed, [1, B * L, S]), [steps - 1, 1, 1]), [(steps - 1) * B * L, S]) as tf.Tensor2D;
    const quiet = allowedCrossEntropy(before, everyStep);
    const strayed = tf.sum(tf.mul(tf.oneHot(tf.argMax(before, 1), S), tf.sub(1, everyStep)));
    return {
      loss: tf.addN([final.loss, tf.mul(held, FIXED_POINT), tf.mul(quiet, QUIET)]) as tf.Scalar,
      wrong: tf.add(final.wrong, strayed) as tf.Scalar,
    };
  },
  learned: (settings, progress, { length }, perfect) => growCurriculum(settings, progress, length, perfect),
  ready: (settings, progress, perfect) => perfect && curriculumDone(settings, progress),
};

/** The last step [B, L, S] against the targets of every cell, or of the readout cell alone. */
function finalLoss(last: tf.Tensor3D, batch: Batch, readout?: number): { loss: tf.Scalar; wrong: tf.Scalar } {
  const [B, L, S] = last.shape;
  const cells = readout === undefined ? L : 1;
  const logits = tf.reshape(readout === undefined ? last : tf.slice(last, [0, readout, 0], [B, 1, S]), [B * cells, S]) as tf.Tensor2D;
  const targets = readout === undefined ? batch.targets : Uint8Array.from({ length: B }, (_, b) => batch.targets[b * L + readout]);
  const onehot = tf.reshape(oneHotStates(targets, B, cells, S), [B * cells, S]) as tf.Tensor2D;
  const wrong = tf.sum(tf.notEqual(tf.argMax(logits, 1), tf.argMax(onehot, 1))) as tf.Scalar;
  return { loss: softmaxCrossEntropy(logits, onehot), wrong };
}

/** The index of the cell a task reads its answer from (`Task.readout`), in a lattice of L cells. */
export function readoutCell(task: Task, L: number): number {
  const { readout } = task;
  if (readout === 'all') throw new Error(`task "${task.id}" reads its answer from every cell; readout supervision needs a task that designates one`);
  const cell = readout.cell < 0 ? L + readout.cell : readout.cell;
  if (cell < 0 || cell >= L) throw new TaskContractError(task.id, `readout.cell ${readout.cell} lies outside a lattice of ${L} cells`);
  return cell;
}
