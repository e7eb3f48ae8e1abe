import type { Lattice, LocalRule } from '@sead/tasks';
import type { TaskShape } from '../lattice.js';
import type { SeadModel } from '../model.js';
import { defaultMaxSteps, relaxBatch, type RunOptions, type RunResult } from '../relax.js';
import { checkClaim } from '../checkpoint-certificate.js';
import { compileRule, type CompiledRule } from './compile.js';
import { relaxContinuousSparse } from './continuous.js';
import { relaxSparse } from './sparse.js';
import { weightsHash } from './weights-hash.js';
import { checkBound, checkRunCost, DEFAULT_MAX_UPDATES } from '../bounds.js';

/**
 * Which engine relaxes a lattice. `dense`: every cell every step, in tfjs ops on any backend.
 * `sparse`: only the cells whose neighbourhood changed are recomputed, by a lookup table the
 * model is compiled to (discrete models) or by the network itself in JavaScript float32
 * (continuous models). `auto`: sparse.
 */
export type Engine = 'dense' | 'sparse' | 'auto';

export const ENGINES: readonly Engine[] = ['dense', 'sparse', 'auto'];

/** The engine that will run this model under `engine` (every model has both). */
export function resolveEngine(model: SeadModel, engine: Engine = 'auto'): 'dense' | 'sparse' {
  void model;
  if (!ENGINES.includes(engine)) throw new RangeError(`unknown engine "${engine}"; use dense, sparse or auto`);
  return engine === 'auto' ? 'sparse' : engine;
}

const compiled = new WeakMap<SeadModel, CompiledRule>();

/**
 * The model's compiled table, built once per set of weights: a model whose weights changed (during
 * training) is compiled again. A model loaded from a checkpoint that carries a certificate for
 * these weights is held to it: one that differs is a CheckpointError.
 */
export function compiledRule(model: SeadModel, task: TaskShape & { rule?: LocalRule }, options: { maxCompileWork?: number } = {}): CompiledRule {
  const known = compiled.get(model);
  if (known && known.certificate.weightsHash === weightsHash(model.config, model.weightArrays())) return known;
  const rule = checkClaim(model, compileRule(model, task, options));
  compiled.set(model, rule);
  return rule;
}

/** What an engine is told besides the run's own options. */
export interface EngineOptions extends RunOptions {
  /** The most multiply-adds compiling a discrete model's table may take (default `DEFAULT_MAX_COMPILE_WORK`). */
  maxCompileWork?: number;
}

/** Relaxes lattices of one length (and step count) with the chosen engine; results as `relaxBatch`. */
export function relaxWith(engine: Engine, model: SeadModel, task: TaskShape, lattices: readonly Lattice[], options: EngineOptions = {}): RunResult[] {
  if (resolveEngine(model, engine) === 'dense') return relaxBatch(model, task, lattices, options);
  const rollout = task.dynamics === 'rollout';
  const maxUpdates = checkBound(options.maxUpdates ?? DEFAULT_MAX_UPDATES, 'maxUpdates');
  const sparse = (lattice: Lattice) => {
    checkRunCost(lattice.length, rollout ? (lattice.steps ?? 0) : undefined, maxUpdates);
    return { rollout, maxSteps: options.maxSteps ?? defaultMaxSteps(lattice.length), record: options.record, maxUpdates };
  };
  if (model.config.mode === 'continuous') return lattices.map((lattice) => relaxContinuousSparse(model, task, lattice, sparse(lattice)));
  const rule = compiledRule(model, task, options);
  return lattices.map((lattice) => relaxSparse(rule, lattice, sparse(lattice)));
}
