import { predictMany, type SeadModel } from '@sead/core';
import { seededRandom, type Task } from '@sead/tasks';

/** Exact-match accuracy at one length, over random and adversarial instances. */
export interface LengthScore {
  readonly length: number;
  readonly correct: number;
  readonly total: number;
}

/**
 * Exact match at each length: an answer counts only if it equals the reference solver's and the run
 * converged. The instances depend on `seed` alone, so every validation sees the same ones.
 */
export function validate(model: SeadModel, task: Task, lengths: readonly number[], perLength: number, seed: number): LengthScore[] {
  return lengths.map((length) => {
    const random = seededRandom(seed * 7919 + length);
    const instances = [
      ...Array.from({ length: perLength }, () => task.random(length, random)),
      ...task.adversarial(length).map((a) => a.instance),
    ];
    // Dense: the weights change between validations, and a table compiled for each would cost
    // more than it saves at validation lengths.
    const predictions = predictMany(model, task, instances, { engine: 'dense' });
    const correct = predictions.filter((p, k) => p.converged && task.equal(p.output, task.solve(instances[k]))).length;
    return { length, correct, total: instances.length };
  });
}

export function allCorrect(scores: readonly LengthScore[]): boolean {
  return scores.every((s) => s.correct === s.total);
}
