import { checkClaim } from '../checkpoint/claim.js';
import type { SeadModel } from '../model/model.js';
import { weightsHash } from '../model/weights-hash.js';
import type { LocalRule, Task } from '@sead/tasks';
import type { TaskShape } from '../lattice.js';
import { DEFAULT_MAX_COMPILE_WORK } from '../bounds.js';
import type { RowStepTable } from '../engines/sparse.js';
import { checkCompileWork, compileRule, tableSize, type CompiledRule } from './compile.js';
import { foldedRule } from './fold.js';
import { lazyPossible, lazyTable, type LazyTable } from './lazy.js';

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
  const known = knownRule(model, task, weightsHash(model.config, model.weightArrays()));
  if (known) return known;
  const rule = checkClaim(model, compileRule(model, task, options));
  compiled.set(model, { rule, reference: task.rule });
  return rule;
}

/** The model's table as compiled already for these weights and this reference rule, if it was. */
function knownRule(model: SeadModel, task: Partial<Pick<Task, 'rule'>>, hash: string): CompiledRule | undefined {
  const known = compiled.get(model);
  return known && known.reference === task.rule && known.rule.certificate.weightsHash === hash ? known.rule : undefined;
}

/** Tables up to this many entries are compiled before a run; larger ones are filled as runs meet them. */
export const LAZY_ABOVE = 1 << 16;

const lazy = new WeakMap<SeadModel, { weightsHash: string; table: LazyTable }>();

/**
 * The table a sparse run of the model on `cells` cells steps with. A small table, or one compiled
 * already, is compiled and folded. A larger one is filled as runs meet its windows, so that a first
 * answer does not wait for millions of entries; once runs have filled an eighth of it, or for a
 * lattice of a sixteenth of its size or more, compiling pays for itself (the folded table runs
 * faster, and the certificate a checkpoint claims is checked then). Both give the same entries.
 * Compiling's bounds apply either way.
 */
export function runTable(model: SeadModel, task: TaskShape & Partial<Pick<Task, 'rule'>>, options: { maxCompileWork?: number } = {}, cells = 1): RowStepTable {
  checkCompileWork(model.config, task, options.maxCompileWork ?? DEFAULT_MAX_COMPILE_WORK);
  const { radius } = model.config;
  const states = task.stateSymbols.length;
  const size = tableSize(task.inputAlphabet.length, states, radius);
  const hash = weightsHash(model.config, model.weightArrays());
  const known = knownRule(model, task, hash);
  let filling = lazy.get(model);
  if (filling && filling.weightsHash !== hash) filling = undefined;
  if (known || size <= LAZY_ABOVE || !lazyPossible(task) || cells * 16 >= size || (filling && filling.table.filled > size / 8)) {
    const rule = known ?? compiledRule(model, task, options);
    return { ...foldedRule(rule), radius, states };
  }
  if (!filling) {
    filling = { weightsHash: hash, table: lazyTable(model, task) };
    lazy.set(model, filling);
  }
  const { classOf, table, fill } = filling.table;
  return { classOf, table, fill, radius, states };
}
