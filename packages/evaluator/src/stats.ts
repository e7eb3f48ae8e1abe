/** Summary of steps-to-converge over a set of runs. */
export interface StepStats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly mean: number;
}

/** Min, median (mean of the middle two for an even count), max and mean; all zero for no runs. */
export function stepStats(steps: readonly number[]): StepStats {
  if (steps.length === 0) return { min: 0, median: 0, max: 0, mean: 0 };
  const sorted = [...steps].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const mean = sorted.reduce((sum, s) => sum + s, 0) / sorted.length;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], mean };
}
