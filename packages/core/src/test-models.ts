import { addition, type Lattice, type Task } from '@sead/tasks';
import type { CompiledRule } from './compile/compile.js';
import { resolveEngine, startRun, type Engine, type EngineOptions } from './engines/engines.js';
import { TableStepper } from './engines/sparse.js';
import type { TaskShape } from './lattice.js';
import type { RunOptions, RunResult } from './run/result.js';
import { Run, type RunSettings } from './run/run.js';
import { SeadModel, type ModelShape } from './model/model.js';
import { weightShapes, WEIGHT_NAMES } from './model/config.js';
import type { WeightArrays } from './model/weights.js';

export const SMALL: ModelShape = { channels: 2, embedding: 2, hidden: 4, radius: 1 };

/** SMALL with one channel per state symbol of the task (parity has three: ?, 0, 1). */
export function smallFor(task: Task): ModelShape {
  return { ...SMALL, channels: task.stateSymbols.length };
}

/**
 * A discrete model that computes the identity: every cell keeps its symbol, so every lattice is
 * at its fixed point from t = 0.
 */
export function identityModel(task: Task = addition): SeadModel {
  const model = SeadModel.create(task, SMALL, 'discrete', 0);
  const shapes = weightShapes(model.config);
  const w = Object.fromEntries(WEIGHT_NAMES.map((n) => [n, new Array(shapes[n].reduce((a, b) => a * b, 1)).fill(0)])) as WeightArrays;
  // W_s copies symbol-1's one-hot channel into projected channel 0.
  w.Ws[1 * 2 + 0] = 1; // Ws[c=1][e=0]
  // W_1 reads the centre cell's projected channel 0 (input channel E + 0 = 2) into hidden unit 0.
  const centre = 1;
  w.W1[(centre * 4 + 2) * 4 + 0] = 1; // W1[k=1][in=2][h=0]
  w.W2[0 * 4 + 0] = 1;
  w.Wh[0 * 2 + 1] = 4; // hidden 0 → logit of symbol 1
  w.bh[1] = -2; // symbol 1 wins only when the cell was 1
  model.dispose();
  return new SeadModel(model.config, task.id, w);
}

/**
 * A discrete model that flips every cell each step: from all zeros it cycles with period 2.
 */
export function flipModel(): SeadModel {
  const model = identityModel(addition);
  const w = model.weightArrays();
  w.Wh[0 * 2 + 1] = -4;
  w.bh[1] = 2;
  model.dispose();
  return new SeadModel(model.config, addition.id, w);
}


/** Runs lattices of one length with the chosen engine: as one batch on the dense one, one by one on the sparse ones. */
export function relaxWith(engine: Engine, model: SeadModel, task: TaskShape, lattices: readonly Lattice[], options: EngineOptions = {}): RunResult[] {
  if (resolveEngine(model, engine) === 'dense') return startRun(model, task, lattices, { ...options, engine }).toEnd();
  return lattices.map((lattice) => startRun(model, task, [lattice], { ...options, engine }).toEnd()[0]);
}

/** The dense engine on lattices of one length. */
export function relaxBatch(model: SeadModel, task: TaskShape, lattices: readonly Lattice[], options: RunOptions = {}): RunResult[] {
  return relaxWith('dense', model, task, lattices, options);
}

/** The dense engine on one lattice. */
export function relax(model: SeadModel, task: TaskShape, lattice: Lattice, options: RunOptions = {}): RunResult {
  return relaxBatch(model, task, [lattice], options)[0];
}

/** A compiled rule (made by hand, or by `compileRule`) run on the sparse table engine under `Run`. */
export function relaxSparse(rule: CompiledRule, lattice: Lattice, settings: Omit<RunSettings, 'onStep'>): RunResult {
  return new Run(([l]) => new TableStepper(rule, l), [lattice], settings).toEnd()[0];
}
