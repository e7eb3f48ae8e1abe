import type { AdamState } from './adam.js';

/** Training state a checkpoint carries so that a resumed run continues bit for bit. */
export interface Progress {
  iterations: number;
  curriculum: number;
  streak: number;
  restarts: number;
  /** Iteration of the last validation. */
  validatedAt: number;
  /** Smoothed loss, its best value and the iteration of that best. */
  smoothLoss: number;
  bestLoss: number;
  bestAt: number;
  optimizer: AdamState;
}

/**
 * A checkpoint's `training.progress`, checked field by field before a run resumes from it: a
 * corrupt record gets a one-line error from `fail` rather than a crash in the middle of training.
 * `weightSizes` are the sizes of the model's weights, which Adam's moments must match.
 */
export function readProgress(json: unknown, weightSizes: readonly number[], fail: (what: string) => never): Progress {
  const shown = (value: unknown) => String(JSON.stringify(value)).slice(0, 40);
  const object = (value: unknown, where: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${where} is not an object`);
    return value as Record<string, unknown>;
  };
  const integer = (value: unknown, where: string, min: number) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) fail(`${where} must be an integer of at least ${min}, got ${shown(value)}`);
    return value as number;
  };
  const finite = (value: unknown, where: string) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} must be a finite number, got ${shown(value)}`);
    return value as number;
  };
  const p = object(json, 'training.progress');
  const o = object(p.optimizer, 'training.progress.optimizer');
  const step = integer(o.step, 'training.progress.optimizer.step', 0);
  // Before the first step Adam has no moments to restore.
  const moments = (name: 'm' | 'v') => {
    const where = `training.progress.optimizer.${name}`;
    const value = o[name];
    if (!Array.isArray(value) || (step > 0 && value.length !== weightSizes.length)) fail(`${where} must hold one list per weight (${weightSizes.length}), got ${shown(value)}`);
    return (value as unknown[]).map((list, k) => {
      if (!Array.isArray(list) || list.length !== weightSizes[k]) fail(`${where}[${k}] must hold ${weightSizes[k]} numbers`);
      return (list as unknown[]).map((x, i) => finite(x, `${where}[${k}][${i}]`));
    });
  };
  return {
    iterations: integer(p.iterations, 'training.progress.iterations', 0),
    curriculum: integer(p.curriculum, 'training.progress.curriculum', 1),
    streak: integer(p.streak, 'training.progress.streak', 0),
    restarts: integer(p.restarts, 'training.progress.restarts', 0),
    validatedAt: integer(p.validatedAt, 'training.progress.validatedAt', Number.MIN_SAFE_INTEGER),
    smoothLoss: finite(p.smoothLoss, 'training.progress.smoothLoss'),
    bestLoss: finite(p.bestLoss, 'training.progress.bestLoss'),
    bestAt: integer(p.bestAt, 'training.progress.bestAt', Number.MIN_SAFE_INTEGER),
    optimizer: { step, m: moments('m'), v: moments('v') },
  };
}
