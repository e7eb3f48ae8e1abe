import { applyRule, randomInt, type Lattice, type Random, type Task } from '@sead/tasks';

/** A training batch as plain arrays: lattices of one length, with the symbols each cell should reach. */
export interface Batch {
  readonly lattices: Lattice[];
  readonly length: number;
  /** Chaos batches: the state every cell is in before the step (B·L symbols). */
  readonly states?: Uint8Array;
  /** Target symbol of every cell (B·L). */
  readonly targets: Uint8Array;
}

/**
 * Relax training: random instances of one lattice length and their per-cell attractor symbols.
 * `length` is the instance length the task's `random` takes.
 */
export function sampleRelaxBatch(task: Task, length: number, size: number, random: Random): Batch {
  if (!task.cellTargets) throw new Error(`task "${task.id}" has no per-cell targets; relax training needs them`);
  const instances = Array.from({ length: size }, () => task.random(length, random));
  const lattices = instances.map((x) => task.encode(x));
  const L = lattices[0].length;
  const targets = new Uint8Array(size * L);
  instances.forEach((x, b) => targets.set(task.cellTargets!(x), b * L));
  return { lattices, length: L, targets };
}

/**
 * Chaos training: uniformly random ("chaotic") states on uniformly random tokens, so that every
 * neighbourhood the rule can meet, boundaries and one-cell lattices included, is seen; the target
 * is the reference rule's next state of every cell. `length` is the number of cells.
 */
export function sampleChaosBatch(task: Task, length: number, size: number, random: Random): Batch {
  const rule = task.rule;
  if (!rule) throw new Error(`task "${task.id}" has no reference rule; chaos training needs one`);
  const S = task.stateSymbols.length;
  const V = task.inputAlphabet.length;
  const L = length;
  const lattices: Lattice[] = Array.from({ length: size }, () => ({ length: L, tokens: Uint8Array.from({ length: L }, () => randomInt(random, 0, V - 1)) }));
  const states = Uint8Array.from({ length: size * L }, () => randomInt(random, 0, S - 1));
  const targets = new Uint8Array(size * L);
  lattices.forEach((lattice, b) => targets.set(applyRule(rule, lattice.tokens, states.subarray(b * L, (b + 1) * L)), b * L));
  return { lattices, length: L, states, targets };
}
