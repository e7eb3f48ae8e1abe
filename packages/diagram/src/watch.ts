import { startRun, type Engine, type Run, type RunResult, type SeadModel } from '@sead/core';
import type { Lattice, Task } from '@sead/tasks';

/** How a pictured run is run: the options of `predict` that a picture passes on. */
export interface WatchOptions {
  /** dense, sparse or auto (sparse for discrete models), as in `predict`. */
  engine?: Engine;
  /** Step cap for fixed-point tasks; default the core's 2L + 64. */
  maxSteps?: number;
  /** The run's bound on cell updates and the compile's on multiply-adds, as in `predict`. */
  maxUpdates?: number;
  maxCompileWork?: number;
}

/** What watches a run: shown the state at t = 0, then every step in order. */
export interface StepWatcher {
  step(t: number, run: Run): void;
}

/**
 * Runs a model on one lattice and shows every step to a watcher made for it. A run that ends in a
 * cycle is seen to close some steps after it did (see `Run`), so such a run is watched again, by a
 * fresh watcher, up to the step it closed at: what the watcher saw is the run and nothing past it.
 */
export function watchRun<W extends StepWatcher>(model: SeadModel, task: Task<any, any>, lattice: Lattice, options: WatchOptions, watcher: () => W): { watcher: W; result: RunResult } {
  const watch = (maxSteps: number | undefined) => {
    const w = watcher();
    const onStep = (_b: number, t: number, run: Run) => w.step(t, run);
    const { engine, maxUpdates, maxCompileWork } = options;
    const [result] = startRun(model, task, [lattice], { engine, maxSteps, maxUpdates, maxCompileWork, onStep }).toEnd();
    return { watcher: w, result };
  };
  const first = watch(options.maxSteps);
  return first.result.outcome === 'cycle' ? watch(first.result.steps) : first;
}

/** What takes a run's rows after the first: whole, or as the cells that changed and their new symbols. */
export interface RowSink {
  row(symbols: Uint8Array): void;
  change(at: ArrayLike<number>, to: ArrayLike<number>): void;
}

/** A step into a sink: the cells the engine says changed, or the whole row to be compared. */
export function feedStep(sink: RowSink, run: Run): void {
  const symbols = run.symbols();
  const changed = run.changes();
  if (!changed) return sink.row(symbols);
  const to = new Uint8Array(changed.length);
  for (let k = 0; k < changed.length; k++) to[k] = symbols[changed[k]];
  sink.change(changed, to);
}
