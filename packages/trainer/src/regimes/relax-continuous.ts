import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, featureTensor, readoutChannels, symbolTargets, unrollLogits } from '@sead/core/training';
import { sampleRelaxBatch } from '../batches.js';
import { curriculumDone, curriculumLength, growCurriculum, relaxSteps } from './curriculum.js';
import type { TrainingRegime } from './regime.js';

/**
 * Continuous relax training (the paper's BPTT as it reads): random instances, T steps unrolled from
 * the uniform state h = ½ with σ between steps, the loss on every cell's readout channels after the
 * last step against the symbols the task says it settles to, with a length curriculum. The model is
 * continuous: it has no table, so it is neither certified nor run in O(changes) (see `relax` for
 * the discrete model learned from the same examples).
 */
export const relaxContinuous: TrainingRegime = {
  name: 'relax-continuous',
  mode: 'continuous',
  problem(task) {
    if (task.dynamics === 'rollout') return `task "${task.id}" is a rollout from a discrete row; train it with --regime relax or chaos`;
    if (!task.cellTargets) return `task "${task.id}" has no per-cell targets; train it with --regime chaos`;
    return undefined;
  },
  lesson(settings, progress, random) {
    const { task, batchSize } = settings;
    const length = curriculumLength(settings, progress, random);
    const batch = sampleRelaxBatch(task, length, batchSize, random);
    return { length, batch, steps: relaxSteps(settings, batch.length, random) };
  },
  loss(model, { task }, { batch, steps }) {
    const S = task.stateSymbols.length;
    const B = batch.lattices.length;
    const L = batch.length;
    const R = readoutChannels(S);
    const target = symbolTargets(batch.targets, B, L, S);
    const h0 = tf.fill([B, L, model.config.channels], 0.5) as tf.Tensor3D;
    const logits = tf.slice(unrollLogits(model.weights, featureTensor(task, batch.lattices), h0, model.config.radius, steps, batch.columns), [0, 0, 0], [B, L, R]);
    const wrong = tf.sum(tf.notEqual(tf.greater(logits, 0), tf.cast(target, 'bool'))) as tf.Scalar;
    return { loss: bceWithLogits(logits, target, tf.onesLike(target)), wrong };
  },
  learned: (settings, progress, { length }, perfect) => growCurriculum(settings, progress, length, perfect),
  ready: (settings, progress, perfect) => perfect && curriculumDone(settings, progress),
};
