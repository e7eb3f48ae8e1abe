import { addition, OUTSIDE, type Lattice, type Task } from '@sead/tasks';
import { tableSize, type CompiledRule } from './compile/compile.js';
import { resolveEngine, startRun, type Engine, type EngineOptions } from './engines/engines.js';
import { TableStepper } from './engines/sparse.js';
import { foldedRule } from './compile/fold.js';
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
  return new Run(([l]) => new TableStepper({ ...foldedRule(rule), radius: rule.radius, states: rule.states }, l), [lattice], settings).toEnd()[0];
}

/** A compiled rule whose table is given entry by entry: `next(codes)` for every window of codes. */
export function ruleFrom(tokens: number, states: number, radius: number, next: (codes: Int32Array) => number): CompiledRule {
  const base = tokens * states + 1;
  const size = tableSize(tokens, states, radius);
  const table = new Uint8Array(size);
  const codes = new Int32Array(2 * radius + 1);
  for (let index = 0; index < size; index++) {
    let rest = index;
    for (let k = 0; k < codes.length; k++) {
      codes[k] = rest % base;
      rest = Math.floor(rest / base);
    }
    table[index] = next(codes);
  }
  const certificate = { weightsHash: 'test', neighbourhoods: 0, minMargin: Infinity, tableEqualsNetwork: true, reachable: 0, reference: null };
  return { taskId: 'test', radius, tokens, states, base, table, certificate };
}

const references = new Map<string, CompiledRule>();

/** The task's reference rule as a compiled table (addition's has 8 million entries: built once per file). */
export function referenceRule(task: Task): CompiledRule {
  let known = references.get(task.id);
  if (!known) {
    const S = task.stateSymbols.length;
    const rule = task.rule!;
    known = ruleFrom(task.inputAlphabet.length, S, rule.radius, (codes) => {
      if (codes[rule.radius] === 0) return 0;
      const t = Array.from(codes, (c) => (c === 0 ? OUTSIDE : Math.floor((c - 1) / S)));
      const s = Array.from(codes, (c) => (c === 0 ? OUTSIDE : (c - 1) % S));
      return rule.next(t, s);
    });
    references.set(task.id, known);
  }
  return known;
}
