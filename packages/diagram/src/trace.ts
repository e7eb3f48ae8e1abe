import { resolveEngine, type Outcome, type Run, type SeadModel } from '@sead/core';
import { applyRule, checkLattice, type Lattice, type Task } from '@sead/tasks';
import { GridBuilder, type GridLimits, type SpacetimeGrid } from './grid.js';
import { feedStep, watchRun, type WatchOptions } from './watch.js';

export interface TraceOptions extends GridLimits, WatchOptions {
  /** Compare with the task's reference (default true); see `Trace.reference`. */
  reference?: boolean;
}

/** What the picture of a run needs: the task's symbols and dynamics. */
export interface TraceTask {
  readonly id: string;
  readonly stateSymbols: readonly string[];
  readonly dynamics: Task['dynamics'];
}

/** A run drawn at a bounded size, with its result and where it differs from the reference. */
export interface Trace<O = unknown> {
  readonly task: TraceTask;
  readonly grid: SpacetimeGrid;
  readonly engine: 'dense' | 'sparse';
  readonly steps: number;
  readonly outcome: Outcome;
  readonly converged: boolean;
  readonly period?: number;
  readonly output: O;
  readonly expected: O;
  /** The run converged and its answer equals the reference solver's. */
  readonly correct: boolean;
  /**
   * What the overlay compares with. "trajectory": every row with the task's reference rule run from
   * the same initial state (rollouts). "targets": the last row with the task's `cellTargets` (fixed
   * points: the attractor the algorithm settles to). null: no comparison.
   */
  readonly reference: 'trajectory' | 'targets' | null;
  /** (time, cell) points that differ from the reference, and the first of them (earliest, leftmost). */
  readonly wrongPoints: number;
  readonly firstWrong: { readonly step: number; readonly cell: number } | null;
}

/**
 * Runs a model on one instance and records its spacetime picture: the core's run, on the engine
 * asked for, calls back at every step and the grid takes what changed (the sparse engines list the
 * cells; otherwise the row is compared), in memory that does not grow with the steps. A continuous
 * model's channels come from the same run. A run that ends in a cycle is seen to close some steps
 * after it did; such a run is drawn again up to the step it closed at.
 */
export function traceRun<I, O>(model: SeadModel, task: Task<I, O>, instance: I, options: TraceOptions = {}): Trace<O> {
  if (task.dimensions === 2) throw new RangeError(`task "${task.id}" lays its lattices out as grids: draw its runs with traceGrid`);
  if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
  const lattice = checkLattice(task, task.encode(instance));
  const engine = resolveEngine(model, options.engine ?? 'auto');
  const useReference = options.reference ?? true;
  const trajectoryRule = useReference && task.dynamics === 'rollout' && task.rule ? task.rule : undefined;
  const channels = model.config.mode === 'continuous' ? model.config.channels : 0;
  const { watcher, result } = watchRun(model, task, lattice, { ...options, engine }, () => {
    const grid = new GridBuilder(lattice.length, task.stateSymbols.length, { ...options, channels });
    const overlay = new Overlay(grid, lattice, trajectoryRule);
    const step = (t: number, run: Run) => {
      if (t === 0) grid.begin(run.symbols());
      else feedStep(grid, run);
      if (channels > 0) grid.addChannels(run.channels());
      overlay.compare(t);
    };
    return { grid, overlay, step };
  });
  const { grid, overlay } = watcher;
  if (!trajectoryRule && useReference && task.cellTargets) overlay.compareTargets(task.cellTargets(instance));

  const output = task.decode(instance, result.symbols);
  const expected = task.solve(instance);
  return {
    task: { id: task.id, stateSymbols: [...task.stateSymbols], dynamics: task.dynamics },
    grid: grid.finish(),
    engine,
    steps: result.steps,
    outcome: result.outcome,
    converged: result.converged,
    ...(result.period !== undefined && { period: result.period }),
    output,
    expected,
    correct: result.converged && task.equal(output, expected),
    reference: trajectoryRule ? 'trajectory' : useReference && task.cellTargets ? 'targets' : null,
    wrongPoints: overlay.wrongPoints,
    firstWrong: overlay.firstWrong,
  };
}

/** Marks the cells of the grid's latest row that differ from the reference. */
class Overlay {
  wrongPoints = 0;
  firstWrong: { step: number; cell: number } | null = null;
  readonly #grid: GridBuilder;
  readonly #lattice: Lattice;
  readonly #rule: Task['rule'];
  #reference: Uint8Array;

  constructor(grid: GridBuilder, lattice: Lattice, rule: Task['rule']) {
    this.#grid = grid;
    this.#lattice = lattice;
    this.#rule = rule;
    this.#reference = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
  }

  /** Rollouts: row t against the reference rule's row t. */
  compare(t: number): void {
    if (!this.#rule) return;
    if (t > 0) this.#reference = applyRule(this.#rule, this.#lattice.tokens, this.#reference);
    this.#mark(t, this.#reference);
  }

  /** Fixed points: the last row against the attractor the algorithm settles to. */
  compareTargets(targets: Uint8Array): void {
    if (targets.length !== this.#lattice.length) throw new RangeError(`cellTargets gave ${targets.length} cells for a lattice of ${this.#lattice.length}`);
    this.#mark(this.#grid.rows - 1, targets);
  }

  #mark(t: number, reference: Uint8Array): void {
    const state = this.#grid.state;
    const wrong: number[] = [];
    for (let i = 0; i < state.length; i++) if (state[i] !== reference[i]) wrong.push(i);
    if (wrong.length === 0) return;
    this.#grid.markWrong(wrong);
    this.wrongPoints += wrong.length;
    this.firstWrong ??= { step: t, cell: wrong[0] };
  }
}
