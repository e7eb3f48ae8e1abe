import { defaultMaxSteps } from '@sead/core';
import type { Lattice, Task } from '@sead/tasks';

/** Lattices up to this many cells relax live, step by step on the page's backend. */
export const LIVE_CELLS = 2048;

/** The longest lattice the page takes: beyond it, a browser tab runs short of memory and patience. */
export const MAX_CELLS = 10_000_000;

export type PlaygroundEngine = 'live-dense' | 'sparse';

/**
 * Short runs play live on the dense engine (every cell every step, on webgl), where each step can
 * be watched; long ones (more than `LIVE_CELLS` cells, or a rollout of more steps than a fixed
 * point could take there) go to the sparse engine, which shows the finished diagram.
 */
export function engineFor(task: Task, lattice: Lattice): PlaygroundEngine {
  if (lattice.length > LIVE_CELLS) return 'sparse';
  const steps = task.dynamics === 'rollout' ? (lattice.steps ?? 0) : defaultMaxSteps(lattice.length);
  return steps <= defaultMaxSteps(LIVE_CELLS) ? 'live-dense' : 'sparse';
}
