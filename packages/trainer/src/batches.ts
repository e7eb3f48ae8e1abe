import { initialSymbols } from '@sead/core/training';
import { applyRule, checkLattice, describeValue, randomInt, TaskContractError, type Lattice, type Random, type Task } from '@sead/tasks';

/** A training batch as plain arrays: lattices of one length, with the symbols each cell should reach. */
export interface Batch {
  readonly lattices: Lattice[];
  readonly length: number;
  /** Grids: the cells per row every lattice of the batch has. */
  readonly columns?: number;
  /**
   * The state every cell is in before the first step (B·L symbols): chaos batches' random states,
   * relax batches' initial states (a lattice's `initialState`, or symbol 0).
   */
  readonly states?: Uint8Array;
  /** Target symbol of every cell (B·L): after the step (chaos), at the attractor or after a rollout's steps (relax). */
  readonly targets: Uint8Array;
  /** Rollouts: the steps every lattice of the batch runs. */
  readonly steps?: number;
}

/**
 * Relax training: random instances of one lattice length (and, for rollouts, one step count), their
 * initial states and their per-cell target symbols. `length` is the instance length the task's
 * `random` takes. The task's lattices and targets are checked as they come (a `TaskContractError`
 * says what is wrong): the tensors built from them would otherwise take a stray token or symbol
 * without a word.
 */
export function sampleRelaxBatch(task: Task, length: number, size: number, random: Random): Batch {
  if (!task.cellTargets) throw new Error(`task "${task.id}" has no per-cell targets; relax training needs them`);
  const instances = Array.from({ length: size }, () => task.random(length, random));
  const lattices = instances.map((x) => checkLattice(task, task.encode(x)));
  const { length: L, steps, columns } = lattices[0];
  const targets = new Uint8Array(size * L);
  instances.forEach((x, b) => {
    if (lattices[b].length !== L) throw new TaskContractError(task.id, `random(${length}) gave instances of ${L} and of ${lattices[b].length} cells; a training batch needs one length`);
    if (lattices[b].columns !== columns) throw new TaskContractError(task.id, `random(${length}) gave grids of ${columns} and of ${lattices[b].columns} columns; a training batch needs one shape`);
    if (lattices[b].steps !== steps) throw new TaskContractError(task.id, `random(${length}) gave rollouts of ${steps} and of ${lattices[b].steps} steps; a training batch needs one step count`);
    targets.set(checkTargets(task, task.cellTargets!(x), L), b * L);
  });
  return { lattices, length: L, states: initialSymbols(lattices), targets, ...(steps !== undefined && { steps }), ...(columns !== undefined && { columns }) };
}

/** Targets of one lattice: `length` state symbols. */
function checkTargets(task: Task, targets: unknown, length: number): Uint8Array {
  if (!(targets instanceof Uint8Array)) throw new TaskContractError(task.id, `cellTargets must return a Uint8Array, got ${describeValue(targets)}`);
  if (targets.length !== length) throw new TaskContractError(task.id, `cellTargets gave ${targets.length} symbols for a lattice of ${length} cells`);
  const S = task.stateSymbols.length;
  const at = targets.findIndex((s) => s >= S);
  if (at >= 0) throw new TaskContractError(task.id, `cellTargets gave symbol ${targets[at]} at cell ${at}; the state symbols are 0 to ${S - 1}`);
  return targets;
}

/**
 * Chaos training: uniformly random ("chaotic") states on uniformly random tokens, so that every
 * neighbourhood the rule can meet, boundaries and one-cell lattices included, is seen; the target
 * is the reference rule's next state of every cell. `length` is the number of cells; grids also
 * give their `columns`.
 */
export function sampleChaosBatch(task: Task, length: number, size: number, random: Random, columns?: number): Batch {
  const rule = task.rule;
  if (!rule) throw new Error(`task "${task.id}" has no reference rule; chaos training needs one`);
  const S = task.stateSymbols.length;
  const V = task.inputAlphabet.length;
  const L = length;
  const lattices: Lattice[] = Array.from({ length: size }, () => ({ length: L, tokens: Uint8Array.from({ length: L }, () => randomInt(random, 0, V - 1)), ...(columns !== undefined && { columns }) }));
  const states = Uint8Array.from({ length: size * L }, () => randomInt(random, 0, S - 1));
  const targets = new Uint8Array(size * L);
  lattices.forEach((lattice, b) => targets.set(applyRule(rule, lattice.tokens, states.subarray(b * L, (b + 1) * L), columns), b * L));
  // A rule from `defineTask` has had each answer checked already; one from a plain object has not.
  const stray = targets.findIndex((s) => s >= S);
  if (stray >= 0) throw new TaskContractError(task.id, `rule.next returned ${targets[stray]}, but the state symbols are 0 to ${S - 1}`);
  return { lattices, length: L, states, targets, ...(columns !== undefined && { columns }) };
}
