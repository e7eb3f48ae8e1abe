/**
 * Test support (excluded from the build): a baseline trained on a task it can fit, and its exact
 * match at its training lengths before and after, so that a test can say it learned something real.
 */
import { seededRandom, type Task } from '@sead/tasks';
import { BaselineModel, type BaselineShape } from './model.js';
import { trainBaseline } from './train.js';

/** Exact match of the model on 20 seeded random instances at every length from `min` to `max`. */
export function accuracy(model: BaselineModel, task: Task<any, any>, [min, max]: readonly [number, number]): number {
  const random = seededRandom(99);
  let correct = 0;
  let total = 0;
  for (let length = min; length <= max; length++) {
    const instances = Array.from({ length: 20 }, () => task.random(length, random));
    model.predictMany(task, instances).forEach((answer, k) => {
      total++;
      if (task.equal(answer.output, task.solve(instances[k]))) correct++;
    });
  }
  return correct / total;
}

export interface FitCase {
  shape: BaselineShape;
  task: Task<any, any>;
  lengths: readonly [number, number];
  iterations: number;
  learningRate: number;
}

/** Trains a fresh model (seed 1) on the case: its accuracy before and after, and the iterations run. */
export async function fit({ shape, task, lengths, iterations, learningRate }: FitCase): Promise<{ before: number; after: number; iterations: number }> {
  const model = BaselineModel.create(task, shape, 1);
  const before = accuracy(model, task, lengths);
  const result = await trainBaseline({ task, model, seed: 1, trainLengths: lengths, iterations, learningRate });
  const after = accuracy(model, task, lengths);
  model.dispose();
  return { before, after, iterations: result.iterations };
}


