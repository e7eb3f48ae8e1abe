import * as tf from '@tensorflow/tfjs-core';
import { featureTensor, oneHotStates, softmaxCrossEntropy, unrollLogits } from '@sead/core/training';
import { sampleChaosBatch } from '../batches.js';
import type { TrainingRegime } from './regime.js';

/**
 * Chaos training: single steps of the task's reference rule from uniformly random ("chaotic")
 * states, so that every neighbourhood the rule can meet is seen; the target is the rule's next
 * state of every cell, the loss its cross-entropy. The model is discrete: at inference every step
 * is projected onto its argmax, which is exactly what was trained.
 */
export const chaos: TrainingRegime = {
  name: 'chaos',
  mode: 'discrete',
  problem: (task) => (task.rule ? undefined : `task "${task.id}" has no reference rule to imitate; train it from examples with --regime relax`),
  lesson({ task, trainLengths: [min, max], batchSize }, _progress, random) {
    const side = () => min + Math.floor(random() * (max - min + 1));
    const length = side();
    if (task.dimensions !== 2) return { length, batch: sampleChaosBatch(task, length, batchSize, random), steps: 1 };
    // A grid of training lengths on each side, drawn apart: uneven shapes are lessons too.
    const columns = side();
    return { length, batch: sampleChaosBatch(task, length * columns, batchSize, random, columns), steps: 1 };
  },
  loss(model, { task }, { batch }) {
    const S = task.stateSymbols.length;
    const B = batch.lattices.length;
    const L = batch.length;
    const h0 = oneHotStates(batch.states!, B, L, S);
    const target = oneHotStates(batch.targets, B, L, S);
    const logits = unrollLogits(model.weights, featureTensor(task, batch.lattices), h0, model.config.radius, 1, batch.columns);
    const wrong = tf.sum(tf.notEqual(tf.argMax(logits, 2), tf.argMax(target, 2))) as tf.Scalar;
    return { loss: softmaxCrossEntropy(tf.reshape(logits, [B * L, S]), tf.reshape(target, [B * L, S])), wrong };
  },
  // A batch with every cell right is one where the rule was met on every neighbourhood drawn.
  ready: (_settings, _progress, perfect) => perfect,
};
