import type { Lattice, LocalRule } from '@sead/tasks';
import type { TaskShape } from '../lattice.js';
import type { SeadModel } from '../model/model.js';
import { runTable } from '../compile/compiled-rule.js';
import { Run, type RunSettings } from '../run/run.js';
import type { RunOptions } from '../run/result.js';
import type { StartStepper } from '../run/stepper.js';
import { NetworkStepper } from './continuous.js';
import { DenseStepper } from './dense.js';
import { TableStepper } from './sparse.js';
import { gridTable, type GridTable } from '../compile/grid-table.js';
import { weightsHash } from '../model/weights-hash.js';

/**
 * Which engine runs a model. `dense`: every cell every step, in tfjs ops on any backend, lattices
 * batched. `sparse`: one lattice at a time, only the cells whose neighbourhood changed recomputed,
 * by the lookup table a discrete model compiles to or by a continuous model's network in
 * JavaScript float32. `auto`: sparse.
 */
export type Engine = 'dense' | 'sparse' | 'auto';

export const ENGINES: readonly Engine[] = ['dense', 'sparse', 'auto'];

/** The engine that will run this model under `engine` (every model has both). */
export function resolveEngine(model: SeadModel, engine: Engine = 'auto'): 'dense' | 'sparse' {
  void model;
  if (!ENGINES.includes(engine)) throw new RangeError(`unknown engine "${engine}"; use dense, sparse or auto`);
  return engine === 'auto' ? 'sparse' : engine;
}

/** What an engine is told besides the run's own options. */
export interface EngineOptions extends RunOptions {
  /** The most multiply-adds compiling a discrete model's table may take (default `DEFAULT_MAX_COMPILE_WORK`). */
  maxCompileWork?: number;
}

/** Options of `startRun`. */
export interface StartOptions extends EngineOptions {
  /** dense, sparse or auto (sparse). */
  engine?: Engine;
  /** Called with each lattice's state at t = 0 and after every step; see `Run`. */
  onStep?: RunSettings['onStep'];
}

/**
 * A run of the model on lattices of one length (and, for rollouts, one step count), to be stepped
 * (`Run.step`) or run to its end (`Run.toEnd`). The sparse engines run one lattice at a time.
 */
export function startRun(model: SeadModel, task: TaskShape & { rule?: LocalRule }, lattices: readonly Lattice[], options: StartOptions = {}): Run {
  const dense = resolveEngine(model, options.engine) === 'dense';
  if ((model.config.dimensions ?? 1) !== (task.dimensions ?? 1)) {
    throw new RangeError(`the model steps ${model.config.dimensions === 2 ? 'grids' : 'rows'}, but task "${task.id}" lays its lattices out as ${task.dimensions === 2 ? 'grids' : 'rows'}`);
  }
  if (!dense && lattices.length !== 1) throw new RangeError(`the sparse engine runs one lattice at a time, got ${lattices.length}`);
  // Cells a run updates at the least: what decides between filling a large table and compiling it.
  const work = lattices.length > 0 ? lattices[0].length * Math.max(1, lattices[0].steps ?? 1) : 1;
  return new Run(stepperFor(model, task, dense, options, work), lattices, { ...options, rollout: task.dynamics === 'rollout' });
}

/** How the chosen engine starts stepping lattices (a discrete model's table is chosen here: see `runTable`). */
function stepperFor(model: SeadModel, task: TaskShape & { rule?: LocalRule }, dense: boolean, options: EngineOptions, cells: number): StartStepper {
  if (dense) return (lattices) => new DenseStepper(model, task, lattices);
  if (model.config.mode === 'continuous') return ([lattice]) => new NetworkStepper(model, task, lattice);
  // A grid's table is filled as runs meet its windows; a row model's is compiled or filled (see `runTable`).
  const table = model.config.dimensions === 2 ? gridTableOf(model, task) : runTable(model, task, options, cells);
  return ([lattice]) => new TableStepper(table, lattice);
}

const gridTables = new WeakMap<SeadModel, { weightsHash: string; table: GridTable }>();

/** A grid model's table, kept across runs while its weights stay the same: windows met once are known. */
function gridTableOf(model: SeadModel, task: TaskShape): GridTable {
  const hash = weightsHash(model.config, model.weightArrays());
  const known = gridTables.get(model);
  if (known && known.weightsHash === hash) return known.table;
  const table = gridTable(model, task);
  gridTables.set(model, { weightsHash: hash, table });
  return table;
}
