import { checkClaim } from '../checkpoint/claim.js';
import type { SeadModel } from '../model/model.js';
import { weightsHash } from '../model/weights-hash.js';
import type { Task } from '@sead/tasks';
import type { TaskShape } from '../lattice.js';
import { compileRule, type CompiledRule } from './compile.js';

const compiled = new WeakMap<SeadModel, CompiledRule>();

/**
 * The model's compiled table, built once per set of weights: a model whose weights changed (during
 * training) is compiled again. A model loaded from a checkpoint that carries a certificate for
 * these weights is held to it: one that differs is a CheckpointError.
 */
export function compiledRule(
  model: SeadModel,
  task: TaskShape & Partial<Pick<Task, 'rule' | 'random' | 'encode' | 'adversarial'>>,
  options: { maxCompileWork?: number } = {},
): CompiledRule {
  const known = compiled.get(model);
  if (known && known.certificate.weightsHash === weightsHash(model.config, model.weightArrays())) return known;
  const rule = checkClaim(model, compileRule(model, task, options));
  compiled.set(model, rule);
  return rule;
}
