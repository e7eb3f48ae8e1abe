import * as tf from '@tensorflow/tfjs-core';
import { modelFromCheckpoint, parseCheckpoint, SeadModel } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { weightShapes, WEIGHT_NAMES, type WeightArrays } from '@sead/core/training';
import { shippedCheckpointText } from '@sead/models';
import type { Task } from '@sead/tasks';

export async function cpu(): Promise<void> {
  tf.enableProdMode();
  await useNodeBackend();
}

/** The checkpoint shipped for a built-in task (certified exact). */
export function shippedModel(task: Task<any, any>): SeadModel {
  return modelFromCheckpoint(parseCheckpoint(shippedCheckpointText(task.id) as string, `shipped ${task.id}`, task));
}

/** An untrained discrete model: an arbitrary rule, wrong almost everywhere. */
export function randomModel(task: Task<any, any>, seed: number, mode: 'discrete' | 'continuous' = 'discrete'): SeadModel {
  return SeadModel.create(task, { channels: task.stateSymbols.length, embedding: 2, hidden: 4, radius: 1 }, mode, seed);
}

/**
 * A deliberately wrong discrete model of a two-symbol task: every cell keeps its symbol, so a
 * lattice stays as it starts (as the core's own test model of that name).
 */
export function frozenModel(task: Task<any, any>): SeadModel {
  const model = randomModel(task, 0);
  const shapes = weightShapes(model.config);
  const w = Object.fromEntries(WEIGHT_NAMES.map((n) => [n, new Array(shapes[n].reduce((a, b) => a * b, 1)).fill(0)])) as WeightArrays;
  const { embedding: E, hidden: H } = model.config;
  w.Ws[1 * E + 0] = 1; // symbol 1's channel into projected channel 0
  w.W1[(1 * 2 * E + E + 0) * H + 0] = 1; // the centre cell's projected channel 0 into hidden unit 0
  w.W2[0] = 1;
  w.Wh[0 * 2 + 1] = 4;
  w.bh[1] = -2; // symbol 1 wins exactly when the cell holds it
  const config = model.config;
  model.dispose();
  return new SeadModel(config, task.id, w);
}
