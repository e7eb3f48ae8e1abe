import { defaultMaxSteps } from '@sead/core';
import { latticeGrid, type Lattice, type Task } from '@sead/tasks';
import { count } from './format.js';

/** Lattices up to this many cells relax live, step by step on the page's backend: rows and grids alike. */
export const LIVE_CELLS = 2048;

/** The longest lattice the page takes: beyond it, a browser tab runs short of memory and patience. */
export const MAX_CELLS = 10_000_000;

export type PlaygroundEngine = 'live-dense' | 'sparse';

/**
 * Short runs play live on the dense engine (every cell every step, on webgl), where each step can
 * be watched; long ones (more than `LIVE_CELLS` cells, or a rollout of more steps than a fixed
 * point could take there) go to the sparse engine, which shows the finished diagram, or a grid's
 * settled state.
 */
export function engineFor(task: Task, lattice: Lattice): PlaygroundEngine {
  if (lattice.length > LIVE_CELLS) return 'sparse';
  const steps = task.dynamics === 'rollout' ? (lattice.steps ?? 0) : defaultMaxSteps(lattice.length);
  return steps <= defaultMaxSteps(LIVE_CELLS) ? 'live-dense' : 'sparse';
}

/** Why the page will not run a lattice, in one line (it has more than `MAX_CELLS` cells); undefined when it will. */
export function sizeProblem(lattice: Lattice): string | undefined {
  if (lattice.length <= MAX_CELLS) return undefined;
  if (lattice.columns === undefined) return `${count(lattice.length)} cells: the playground runs up to ${count(MAX_CELLS)}; the sead command runs longer inputs.`;
  const { rows, columns } = latticeGrid(lattice);
  return `A grid of ${count(rows)} rows × ${count(columns)} columns (${count(lattice.length)} cells): the playground runs grids of up to ${count(MAX_CELLS)} cells; the sead command runs larger ones.`;
}
