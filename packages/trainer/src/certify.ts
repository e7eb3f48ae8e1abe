import { BoundError, CheckpointError, checkGridWindows, compiledRule, compileWork, countText, DEFAULT_MAX_COMPILE_WORK, type Certificate, type GridCheck, type ReferenceCheck, type SeadModel } from '@sead/core';
import { MAX_TABLE_ENTRIES, tableSize } from '@sead/core/training';
import { messageOf, type Task } from '@sead/tasks';

/**
 * Whether a trained model's rule was compared with the task's reference rule, and what came of it:
 *
 * - `exact`: the compiled table equals the reference on every neighbourhood a run can meet, and
 *   the network equals its table there, so the model is the algorithm and exact at every length;
 * - `equivalent`: it differs from the reference on reachable neighbourhoods, but only by the names
 *   of symbols its runs pass through (`reference.relabelling`), and the network equals its table
 *   there: the same answers at the same steps, at every length;
 * - `same-answers`: it differs from the reference on reachable neighbourhoods, but every lattice it
 *   can rest on is the reference's for the same tokens and every run comes to rest (a cell changes
 *   at most `reference.maxChanges` times), and the network equals its table there: the reference's
 *   answer on every input, at every length, though perhaps at another step;
 * - `differs`: compared, and it differs on `reference.mismatches` reachable neighbourhoods (and
 *   `reference.restsAgree` says whether it still answers as the reference wherever it comes to rest);
 * - `checked`: a grid model, compared with the reference on the closure of reachable windows and on
 *   the windows the reference's runs meet (`GridCheck`; `grid.certified` says whether it is exact
 *   at every size);
 * - `not-certified`: no comparison could be made, for the reason given.
 */
export type Certification =
  | { readonly status: 'exact'; readonly reference: ReferenceCheck }
  | { readonly status: 'equivalent'; readonly reference: ReferenceCheck }
  | { readonly status: 'same-answers'; readonly reference: ReferenceCheck }
  | { readonly status: 'differs'; readonly reference: ReferenceCheck }
  | { readonly status: 'checked'; readonly grid: GridCheck }
  | { readonly status: 'not-certified'; readonly why: string };

/** Why the model's rule cannot be compared with the task's reference on every neighbourhood, or undefined when it can. */
export function certificationProblem(model: SeadModel, task: Task): string | undefined {
  if (!task.rule) return `task "${task.id}" has no reference rule to compare with`;
  if (model.config.dimensions === 2) return model.config.mode === 'discrete' ? undefined : 'a continuous model has no table to compare';
  if (task.rule.radius > model.config.radius) return `the model reads ${model.config.radius} cell${model.config.radius === 1 ? '' : 's'} on each side, fewer than the reference rule's ${task.rule.radius}`;
  return tableProblem(model, task);
}

/** Why the model has no table that can be compiled (continuous, or too large to build), or undefined when it has. */
export function tableProblem(model: SeadModel, task: Task): string | undefined {
  if (model.config.mode !== 'discrete') return 'a continuous model has no table to compare';
  if (model.config.dimensions === 2) return `a grid's windows are too many to enumerate into a table`;
  const V = task.inputAlphabet.length;
  const S = task.stateSymbols.length;
  const size = tableSize(V, S, model.config.radius);
  if (size > MAX_TABLE_ENTRIES) {
    return `its table of ${countText(size)} neighbourhoods (${V} tokens × ${S} symbols, radius ${model.config.radius}) is over the ${countText(MAX_TABLE_ENTRIES)} that are compiled`;
  }
  const work = compileWork(model.config, task);
  if (work > DEFAULT_MAX_COMPILE_WORK) return `compiling its table takes ${countText(work)} multiply-adds, over the bound of ${countText(DEFAULT_MAX_COMPILE_WORK)}`;
  return undefined;
}

/** The certificate of the model's compiled rule, its comparison with the task's reference rule computed. */
export function referenceCertificate(model: SeadModel, task: Task): Certificate & { reference: ReferenceCheck } {
  const { certificate } = compiledRule(model, task);
  const { reference } = certificate;
  if (!reference) throw new Error(`task "${task.id}" has no reference rule to certify against`);
  return { ...certificate, reference };
}

/**
 * The certification of a model: its comparison with the reference, or why there is none. A reference
 * rule that throws (a plugin's) leaves the model not certified, with the rule's message: a report,
 * not training, is what asks.
 */
export function certification(model: SeadModel, task: Task): Certification {
  const problem = certificationProblem(model, task);
  if (problem) return { status: 'not-certified', why: problem };
  if (model.config.dimensions === 2) {
    try {
      return { status: 'checked', grid: checkGridWindows(model, task) };
    } catch (error) {
      if (error instanceof BoundError) throw error;
      return { status: 'not-certified', why: `comparing with the reference rule failed: ${messageOf(error)}` };
    }
  }
  let certificate: Certificate & { reference: ReferenceCheck };
  try {
    certificate = referenceCertificate(model, task);
  } catch (error) {
    if (error instanceof CheckpointError || error instanceof BoundError) throw error;
    return { status: 'not-certified', why: `comparing with the reference rule failed: ${messageOf(error)}` };
  }
  return certificationOf(certificate);
}

/** What a certificate with its reference check says of the model. */
export function certificationOf(certificate: Certificate & { reference: ReferenceCheck }): Certification {
  const { reference } = certificate;
  const status = reference.exact ? 'exact' : reference.relabelling ? 'equivalent' : reference.restsAgree && reference.maxChanges !== null ? 'same-answers' : 'differs';
  if (status === 'differs') return { status, reference };
  if (!certificate.tableEqualsNetwork) {
    const equal = { exact: 'equals the reference', equivalent: 'is the reference with symbols renamed', 'same-answers': "gives the reference's answers" }[status];
    return { status: 'not-certified', why: `the table ${equal}, but on a reachable neighbourhood the network's logit gap (the smallest is ${certificate.minMargin.toExponential(1)}) is too thin to be sure float32 picks the table's symbol` };
  }
  return { status, reference };
}

/** Whether the certification proves the model answers exactly at every length (or, for a grid, every size). */
export function isCertified(c: Certification): boolean {
  return c.status === 'exact' || c.status === 'equivalent' || c.status === 'same-answers' || (c.status === 'checked' && c.grid.certified);
}
