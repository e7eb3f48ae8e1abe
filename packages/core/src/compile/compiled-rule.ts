import { checkClaim } from '../checkpoint/claim.js';
import type { SeadModel } from '../model/model.js';
import { weightsHash } from '../model/weights-hash.js';
import type { LocalRule, Task } from '@sead/tasks';
import type { TaskShape } from '../lattice.js';
import { compileRule, type CompiledRule } from './compile.js';

const compiled = new WeakMap<SeadModel, { rule: CompiledRule; reference: LocalRule | undefined }>();

/**
 * The model's compiled table, built once per set of weights and reference rule: a model whose
 * weights changed (during training) is compiled again, and so is one asked about another task's
 * rule (a trainer that set the rule aside, then compares with it). A model loaded from a checkpoint
 * that carries a certificate for these weights is held to it: one that differs is a CheckpointError.
 */
export function compiledRule(
  model: SeadModel,
  task: TaskShape & Partial<Pick<Task, 'rule' | 'random' | 'encode' | 'adversarial' | 'tokenWindowOccurs'>>,
  options: { maxCompileWork?: number } = {},
): CompiledRule {
  const known = compiled.get(model);
  if (known && known.reference === task.rule && known.rule.certificate.weightsHash === weightsHash(model.config, model.weightArrays())) return known.rule;
  const rule = checkClaim(model, compileRule(model, task, options));
  compiled.set(model, { rule, reference: task.rule });
  return rule;
}
