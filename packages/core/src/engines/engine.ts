import type { Lattice, LocalRule } from '@sead/tasks';
import type { TaskShape } from '../lattice.js';
import type { SeadModel } from '../model.js';
import { defaultMaxSteps, relaxBatch, type RunOptions, type RunResult } from '../relax.js';
import { compileRule, type CompiledRule } from './compile.js';
import { relaxSparse } from './sparse.js';
import { weightsHash } from './weights-hash.js';

/**
 * Which engine relaxes a lattice. `dense`: every cell every step, in tfjs ops on any backend.
 * `sparse`: the model compiled to a lookup table, only cells whose neighbourhood changed are
 * recomputed (discrete models). `auto`: sparse wherever the model allows.
 */
export type Engine = 'dense' | 'sparse' | 'auto';

export const ENGINES: readonly Engine[] = ['dense', 'sparse', 'auto'];

/** The engine that will run this model under `engine`. */
export function resolveEngine(model: SeadModel, engine: Engine = 'auto'): 'dense' | 'sparse' {
  if (!ENGINES.includes(engine)) throw new RangeError(`unknown engine "${engine}"; use dense, sparse or auto`);
  if (engine === 'sparse' && model.config.mode !== 'discrete') {
    throw new RangeError('the sparse engine runs discrete models; this model is continuous (use the dense engine)');
  }
  return engine === 'auto' ? (model.config.mode === 'discrete' ? 'sparse' : 'dense') : engine;
}

const compiled = new WeakMap<SeadModel, CompiledRule>();

/**
 * The model's compiled table, built once per set of weights: a model whose weights changed (during
 * training) is compiled again.
 */
export function compiledRule(model: SeadModel, task: TaskShape & { rule?: LocalRule }): CompiledRule {
  const known = compiled.get(model);
  if (known && known.certificate.weightsHash === weightsHash(model.config, model.weightArrays())) return known;
  const rule = compileRule(model, task);
  compiled.set(model, rule);
  return rule;
}

/** Relaxes lattices of one length (and step count) with the chosen engine; results as `relaxBatch`. */
export function relaxWith(engine: Engine, model: SeadModel, task: TaskShape, lattices: readonly Lattice[], options: RunOptions = {}): RunResult[] {
  if (resolveEngine(model, engine) === 'dense') return relaxBatch(model, task, lattices, options);
  const rule = compiledRule(model, task);
  const rollout = task.dynamics === 'rollout';
  return lattices.map((lattice) =>
    relaxSparse(rule, lattice, { rollout, maxSteps: options.maxSteps ?? defaultMaxSteps(lattice.length), record: options.record }),
  );
}
