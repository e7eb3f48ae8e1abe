import { applyRule, checkLattice, latticeGrid, seededRandom, type Lattice, type Task } from '@sead/tasks';
import type { SeadModel } from '../model/model.js';
import { weightsHash } from '../model/weights-hash.js';
import { defaultMaxSteps } from '../run/result.js';
import { MAX_DIFFERENCES, type Difference } from './certificate.js';
import { MARGIN } from './compile.js';
import { argmax, GridWindows, gridWindowLogits, windowOfKey } from './grid-table.js';

/**
 * A grid model's rule against the task's reference, on the windows the reference's own runs meet.
 *
 * A row model's certificate closes the windows a run can meet under its table, and so speaks for
 * every length. In a grid that closure must join 3 × 3 windows along two axes at once (a constraint
 * problem per step, not a path through a de Bruijn graph), and is not computed: this check runs
 * the reference on every instance of `gridCheckLattices` and compares the network with it on each
 * distinct window those runs meet, at every step. Agreement there means the model's runs on those
 * instances are the reference's; windows first met on the largest grids (`newOnLargest`) say
 * whether larger inputs still bring windows the smaller ones did not, and so how far the check can
 * be expected to carry. It is evidence, not a proof for every length.
 */
export interface GridCheck {
  /** The weights checked (`weightsHash`). */
  readonly weightsHash: string;
  /** Reference runs whose windows were compared, and the largest side of their grids (the task's length). */
  readonly runs: number;
  readonly largestLength: number;
  /** Distinct windows those runs met, over every step. */
  readonly windows: number;
  /** Windows first met on the grids of the largest lengths, after every smaller one had run. */
  readonly newOnLargest: number;
  /** Windows met where the network's next symbol differs from the reference's, and the first of them. */
  readonly mismatches: number;
  readonly differences: readonly Difference[];
  /** The smallest logit gap on the windows met (see `Certificate.minMargin`). */
  readonly minMargin: number;
  /** No mismatch, and every gap wide enough that float32 picks the same symbols. */
  readonly agrees: boolean;
}

/** The task's lengths (grid sides) the check runs: every one up to `small`, then the `large` ones. */
export const GRID_CHECK_LENGTHS = { small: 8, large: [12, 16, 24, 32] } as const;

/**
 * Lattices of the task the check runs, by length: for every length up to `GRID_CHECK_LENGTHS.small`,
 * `perSmall` random instances and every adversarial family; for each large length, `perLarge`
 * random ones and the families. Seeded: the same task gives the same lattices.
 */
export function gridCheckLattices(task: Pick<Task, 'random' | 'adversarial' | 'encode'>, perSmall = 200, perLarge = 16): { length: number; lattice: Lattice }[] {
  const random = seededRandom(0x9c1d);
  const out: { length: number; lattice: Lattice }[] = [];
  const add = (length: number, count: number) => {
    for (let k = 0; k < count; k++) out.push({ length, lattice: task.encode(task.random(length, random)) });
    for (const { instance } of task.adversarial(length)) out.push({ length, lattice: task.encode(instance) });
  };
  for (let length = 1; length <= GRID_CHECK_LENGTHS.small; length++) add(length, perSmall);
  for (const length of GRID_CHECK_LENGTHS.large) add(length, perLarge);
  return out;
}

/** Compares a grid model with the task's reference rule on the windows the reference's runs meet. */
export function checkGridWindows(model: SeadModel, task: Task, lattices = gridCheckLattices(task)): GridCheck {
  const rule = task.rule;
  if (!rule) throw new RangeError(`task "${task.id}" has no reference rule to check a grid model against`);
  if (model.config.dimensions !== 2) throw new RangeError('checkGridWindows checks grid models; a row model compiles to a certified table');
  const S = task.stateSymbols.length;
  const { base, positions, logits } = gridWindowLogits(model, task);
  const largestLength = Math.max(...lattices.map((l) => l.length));
  // Windows met, and those first met on the grids of the largest lengths.
  const met = new Map<number, number>();
  let newOnLargest = 0;
  const lengths = [...new Set(lattices.map((l) => l.length))].sort((a, b) => a - b);
  const bigLengths = new Set(lengths.slice(-2));
  for (const { length, lattice } of [...lattices].sort((a, b) => a.length - b.length)) {
    checkLattice(task, lattice, rule.radius);
    const { rows, columns } = latticeGrid(lattice);
    const windows = new GridWindows(rule.radius, S, base, rows, columns);
    const { tokens } = lattice;
    let state: Uint8Array = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
    const steps = task.dynamics === 'rollout' ? (lattice.steps ?? 0) : defaultMaxSteps(lattice.length);
    for (let t = 0; t <= steps; t++) {
      const next = applyRule(rule, tokens, state, columns);
      let moved = false;
      for (let cell = 0; cell < lattice.length; cell++) {
        if (next[cell] !== state[cell]) moved = true;
        const key = windows.key(tokens, state, cell);
        if (met.has(key)) continue;
        met.set(key, next[cell]);
        if (bigLengths.has(length)) newOnLargest++;
      }
      if (!moved) break;
      state = next;
    }
  }
  let mismatches = 0;
  let minMargin = Infinity;
  const differences: Difference[] = [];
  for (const [key, expected] of met) {
    const z = logits(key);
    const best = argmax(z);
    let runnerUp = -Infinity;
    for (let c = 0; c < z.length; c++) if (c !== best && z[c] > runnerUp) runnerUp = z[c];
    minMargin = Math.min(minMargin, z[best] - runnerUp);
    if (best === expected) continue;
    mismatches++;
    if (differences.length < MAX_DIFFERENCES) differences.push({ ...windowOfKey(key, positions, base, S), network: best, reference: expected });
  }
  return {
    weightsHash: weightsHash(model.config, model.weightArrays()),
    runs: lattices.length,
    largestLength,
    windows: met.size,
    newOnLargest,
    mismatches,
    differences,
    minMargin,
    agrees: mismatches === 0 && minMargin > MARGIN,
  };
}
