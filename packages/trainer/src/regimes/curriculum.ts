import type { Random } from '@sead/tasks';
import type { Progress } from '../progress-record.js';
import type { RegimeSettings } from './regime.js';

/** A curriculum step: the longest training length grows after this many perfect batches in a row at it. */
const STREAK = 3;

/**
 * The instance length of a lesson under a length curriculum: half the batches at the curriculum's
 * current longest, half uniform from the shortest up to it.
 */
export function curriculumLength({ trainLengths: [min] }: RegimeSettings, { curriculum }: Progress, random: Random): number {
  return random() < 0.5 ? curriculum : min + Math.floor(random() * (curriculum - min + 1));
}

/** Steps a relax lesson on lattices of L cells unrolls: uniform from ⌈a·L⌉ to about ⌈b·L⌉, plus the extra steps. */
export function relaxSteps({ stepsPerCell: [a, b], extraSteps }: RegimeSettings, L: number, random: Random): number {
  return Math.ceil(a * L) + extraSteps + Math.floor(random() * (Math.ceil((b - a) * L) + 1));
}

/** After a lesson at `length`: the curriculum grows by one once the model gets a few batches at its longest right in a row. */
export function growCurriculum({ trainLengths: [, max] }: RegimeSettings, progress: Progress, length: number, perfect: boolean): void {
  if (length !== progress.curriculum || progress.curriculum >= max) return;
  progress.streak = perfect ? progress.streak + 1 : 0;
  if (progress.streak >= STREAK) {
    progress.curriculum++;
    progress.streak = 0;
  }
}

/** Whether the curriculum has reached the longest training length. */
export const curriculumDone = ({ trainLengths: [, max] }: RegimeSettings, { curriculum }: Progress) => curriculum >= max;
