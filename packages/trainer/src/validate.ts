import { predictMany, type Engine, type SeadModel } from '@sead/core';
import { seededRandom, type Task } from '@sead/tasks';

/** Exact-match accuracy at one length, over random and adversarial instances. */
export interface LengthScore {
  readonly length: number;
  readonly correct: number;
  readonly total: number;
}

/**
 * Exact match at each length: an answer counts only if it equals the reference solver's and the run
 * converged. The instances depend on `seed` alone, so every validation sees the same ones. Dense by
 * default: the weights change between validations, and compiling a discrete model's table for each
 * costs more than it saves at validation lengths, unless the table is compiled anyway.
 */
export function validate(model: SeadModel, task: Task, lengths: readonly number[], perLength: number, seed: number, engine: Engine = 'dense'): LengthScore[] {
  return lengths.map((length) => {
    const instances = validationInstances(task, length, perLength, seed);
    const predictions = predictMany(model, task, instances, { engine });
    const correct = predictions.filter((p, k) => p.converged && task.equal(p.output, task.solve(instances[k]))).length;
    return { length, correct, total: instances.length };
  });
}

/** The instances `validate` checks at one length: `perLength` random ones, then every adversarial family. */
export function validationInstances<I>(task: Task<I>, length: number, perLength: number, seed: number): I[] {
  const random = seededRandom(seed * 7919 + length);
  return [...Array.from({ length: perLength }, () => task.random(length, random)), ...task.adversarial(length).map((a) => a.instance)];
}

export function allCorrect(scores: readonly LengthScore[]): boolean {
  return scores.every((s) => s.correct === s.total);
}
