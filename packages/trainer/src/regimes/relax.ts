import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, featureTensor, readoutChannels, symbolTargets, unrollLogits } from '@sead/core/training';
import { sampleRelaxBatch } from '../batches.js';
import type { TrainingRegime } from './regime.js';

/** A curriculum step: the longest training length grows after this many perfect batches in a row at it. */
const STREAK = 3;

/**
 * Relax training (the paper's BPTT): random instances, T steps unrolled from the uniform state,
 * the loss on every cell's readout channels after the last step against the symbols the task says
 * it settles to. Lengths follow a curriculum: the longest grows by one whenever the model gets
 * every cell of a batch at the current longest right a few times running. The model is continuous.
 */
export const relax: TrainingRegime = {
  name: 'relax',
  mode: 'continuous',
  problem(task) {
    if (task.dynamics === 'rollout') return `task "${task.id}" is a rollout; train it with --regime chaos`;
    if (!task.cellTargets) return `task "${task.id}" has no per-cell targets; train it with --regime chaos`;
    return undefined;
  },
  lesson({ task, trainLengths: [min], batchSize, stepsPerCell: [a, b], extraSteps }, { curriculum }, random) {
    const length = random() < 0.5 ? curriculum : min + Math.floor(random() * (curriculum - min + 1));
    const batch = sampleRelaxBatch(task, length, batchSize, random);
    const L = batch.length;
    return { length, batch, steps: Math.ceil(a * L) + extraSteps + Math.floor(random() * (Math.ceil((b - a) * L) + 1)) };
  },
  loss(model, task, { batch, steps }) {
    const S = task.stateSymbols.length;
    const B = batch.lattices.length;
    const L = batch.length;
    const R = readoutChannels(S);
    const target = symbolTargets(batch.targets, B, L, S);
    const h0 = tf.fill([B, L, model.config.channels], 0.5) as tf.Tensor3D;
    const logits = tf.slice(unrollLogits(model.weights, featureTensor(task, batch.lattices), h0, model.config.radius, steps), [0, 0, 0], [B, L, R]);
    const wrong = tf.sum(tf.notEqual(tf.greater(logits, 0), tf.cast(target, 'bool'))) as tf.Scalar;
    return { loss: bceWithLogits(logits, target, tf.onesLike(target)), wrong };
  },
  learned({ trainLengths: [, max] }, progress, { length }, perfect) {
    if (length !== progress.curriculum || progress.curriculum >= max) return;
    progress.streak = perfect ? progress.streak + 1 : 0;
    if (progress.streak >= STREAK) {
      progress.curriculum++;
      progress.streak = 0;
    }
  },
  ready: ({ trainLengths: [, max] }, { curriculum }, perfect) => perfect && curriculum >= max,
};
