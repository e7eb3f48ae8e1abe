import { resolveEngine, type Outcome, type Run, type SeadModel } from '@sead/core';
import { checkLattice, latticeGrid, type Task } from '@sead/tasks';
import { SettleMapBuilder, type SettleMap, type SettleMapLimits } from './settle-map.js';
import type { TraceTask } from './trace.js';
import { feedStep, watchRun, type WatchOptions } from './watch.js';

export interface GridTraceOptions extends SettleMapLimits, WatchOptions {
  /** Compare the end state with the task's `cellTargets` (default true); see `GridTrace.reference`. */
  reference?: boolean;
}

/** A run on a grid drawn at a bounded size, with its input, its answer and where it ends wrong. */
export interface GridTrace<O = unknown> {
  readonly task: TraceTask;
  readonly map: SettleMap;
  readonly engine: 'dense' | 'sparse';
  readonly steps: number;
  readonly outcome: Outcome;
  readonly converged: boolean;
  readonly period?: number;
  /** The instance as the task's `format` gives it (the JSON object `sead predict` reads): what the picture is labelled with. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: O;
  readonly expected: O;
  /** The output and the expected answer as the task's `formatOutput` writes them. */
  readonly answer: string;
  readonly expectedAnswer: string;
  /** The run converged and its answer equals the reference solver's. */
  readonly correct: boolean;
  /** "targets": the end state compared with the task's `cellTargets`; null: no comparison (asked not to, or the task has none). */
  readonly reference: 'targets' | null;
  /** Cells of the end state that differ from the reference, and the first of them (row by row). */
  readonly wrongCells: number;
  readonly firstWrong: { readonly row: number; readonly column: number } | null;
}

/**
 * Runs a model on one instance of a grid task (`dimensions: 2`) and records, as the run streams
 * past a step at a time, when each cell last changed and what it ends as: the settled grid and the
 * wavefront that settled it, without the run's history (one byte per cell for the current symbols,
 * beside the engine's memory and, at the end, the task's targets). As `traceRun`, a run that ends in
 * a cycle is drawn up to the step it closed at.
 */
export function traceGrid<I, O>(model: SeadModel, task: Task<I, O>, instance: I, options: GridTraceOptions = {}): GridTrace<O> {
  if (task.dimensions !== 2) throw new RangeError(`task "${task.id}" lays its lattices out as rows: draw its runs with traceRun`);
  if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
  const lattice = checkLattice(task, task.encode(instance));
  const { rows, columns } = latticeGrid(lattice);
  const engine = resolveEngine(model, options.engine ?? 'auto');
  const { watcher, result } = watchRun(model, task, lattice, { ...options, engine }, () => {
    const map = new SettleMapBuilder(rows, columns, task.stateSymbols.length, options);
    const step = (t: number, run: Run) => (t === 0 ? map.begin(run.symbols()) : feedStep(map, run));
    return { map, step };
  });
  const { map } = watcher;

  const targets = (options.reference ?? true) && task.cellTargets ? task.cellTargets(instance) : null;
  let wrongCells = 0;
  let firstWrong: number | undefined;
  if (targets) {
    if (targets.length !== lattice.length) throw new RangeError(`cellTargets gave ${targets.length} cells for a grid of ${lattice.length}`);
    const state = map.state;
    for (let i = 0; i < state.length; i++) {
      if (state[i] === targets[i]) continue;
      map.markWrong(i);
      firstWrong ??= i;
      wrongCells++;
    }
  }

  const output = task.decode(instance, result.symbols);
  const expected = task.solve(instance);
  return {
    task: { id: task.id, stateSymbols: [...task.stateSymbols], dynamics: task.dynamics },
    map: map.finish(),
    engine,
    steps: result.steps,
    outcome: result.outcome,
    converged: result.converged,
    ...(result.period !== undefined && { period: result.period }),
    input: task.format(instance),
    output,
    expected,
    answer: task.formatOutput(output),
    expectedAnswer: task.formatOutput(expected),
    correct: result.converged && task.equal(output, expected),
    reference: targets ? 'targets' : null,
    wrongCells,
    firstWrong: firstWrong === undefined ? null : { row: Math.floor(firstWrong / columns), column: firstWrong % columns },
  };
}
