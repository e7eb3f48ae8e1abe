import { applyRule, checkLattice, latticeGrid, seededRandom, type Lattice, type Task } from '@sead/tasks';
import type { SeadModel } from '../model/model.js';
import { weightsHash } from '../model/weights-hash.js';
import { defaultMaxSteps } from '../run/result.js';
import { MAX_DIFFERENCES, type Difference } from './certificate.js';
import { MARGIN, startSymbols } from './compile.js';
import { gridReachableWindows, gridStartWindows, type GridReach, type GridReachBounds } from './grid-reach.js';
import { argmax, GridWindows, gridWindowLogits, windowOfKey } from './grid-table.js';

/**
 * A grid model's rule against the task's reference rule.
 *
 * The certificate: the closure of the windows the *reference's* runs can meet, on grids of every
 * size (`gridReachableWindows`, radius 1), and the network compared with the reference on each of
 * them. Where they agree, a run of the model is the reference's run step for step, by induction:
 * its grid equals the reference's, whose windows are all in the closure, where the two agree. So
 * the model is exact at every size (`certified`). The closure is computed once per rule and
 * alphabet in a process, and is bounded; when a bound stops it there is no certificate, and
 * `closure.why` says which.
 *
 * Beside it, the evidence of runs: the reference run on every instance of `gridCheckLattices`, the
 * network compared with it on each distinct window those runs meet, at every step. Every one of
 * those windows must lie in the closure (a closure that missed one would be unsound: an error).
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
  /** No mismatch on the windows met, and every gap wide enough that float32 picks the same symbols. */
  readonly agrees: boolean;
  /** The closure of reachable windows and the comparison on it; `complete` false when a bound stopped it. */
  readonly closure: {
    readonly complete: boolean;
    readonly why?: string;
    readonly windows: number;
    readonly mismatches: number;
    readonly differences: readonly Difference[];
    readonly minMargin: number;
  };
  /** The closure is complete, and the network equals the reference on every window of it with wide gaps: exact at every size. */
  readonly certified: boolean;
}

const closures = new WeakMap<object, Map<string, GridReach>>();

/** The closure of the reference's reachable windows for this task, computed once per rule and alphabet. */
export function referenceClosure(task: Task, bounds: GridReachBounds = {}): GridReach {
  const rule = task.rule!;
  const V = task.inputAlphabet.length;
  const S = task.stateSymbols.length;
  const starts = startSymbols(task);
  const id = `${V}:${S}:${starts.join(',')}:${bounds.maxWindows ?? ''}:${bounds.maxStates ?? ''}`;
  let byAlphabet = closures.get(rule);
  if (!byAlphabet) closures.set(rule, (byAlphabet = new Map()));
  let reach = byAlphabet.get(id);
  if (!reach) {
    const start = gridStartWindows(V, S, starts, task.tokenWindowOccurs && ((window) => task.tokenWindowOccurs!(window)));
    byAlphabet.set(id, (reach = gridReachableWindows(rule, V, S, start, bounds)));
  }
  return reach;
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
export function checkGridWindows(model: SeadModel, task: Task, lattices = gridCheckLattices(task), closureBounds: GridReachBounds = {}): GridCheck {
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
  /** The network against the reference's next symbols on these windows. */
  const compare = (windows: Iterable<[number, number]>) => {
    let mismatches = 0;
    let minMargin = Infinity;
    const differences: Difference[] = [];
    for (const [key, expected] of windows) {
      const z = logits(key);
      const best = argmax(z);
      let runnerUp = -Infinity;
      for (let c = 0; c < z.length; c++) if (c !== best && z[c] > runnerUp) runnerUp = z[c];
      minMargin = Math.min(minMargin, z[best] - runnerUp);
      if (best === expected) continue;
      mismatches++;
      if (differences.length < MAX_DIFFERENCES) differences.push({ ...windowOfKey(key, positions, base, S), network: best, reference: expected });
    }
    return { mismatches, minMargin, differences };
  };
  const { mismatches, minMargin, differences } = compare(met);
  const reach = referenceClosure(task, closureBounds);
  if (reach.complete) {
    const outside = [...met.keys()].find((key) => !reach.windows.has(key));
    if (outside !== undefined) throw new Error(`the closure of task "${task.id}"'s reachable windows misses one its reference's runs meet (key ${outside}): it is unsound`);
  }
  const closureNext = function* (): Generator<[number, number]> {
    for (const key of reach.windows.keys()) {
      const { tokens, states } = windowOfKey(key, positions, base, S);
      yield [key, rule.next(tokens, states)];
    }
  };
  const onClosure = reach.complete ? compare(closureNext()) : { mismatches: 0, minMargin: Infinity, differences: [] };
  const closure = { complete: reach.complete, ...(reach.why !== undefined && { why: reach.why }), windows: reach.windows.size, ...onClosure };
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
    closure,
    certified: reach.complete && onClosure.mismatches === 0 && onClosure.minMargin > MARGIN,
  };
}
