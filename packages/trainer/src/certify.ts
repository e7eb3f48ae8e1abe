import { compiledRule, compileWork, DEFAULT_MAX_COMPILE_WORK, type Certificate, type SeadModel } from '@sead/core';
import { MAX_TABLE_ENTRIES, tableSize } from '@sead/core/training';
import type { Task } from '@sead/tasks';

/**
 * Largest table compiled during training. Validation compiles the rule each time the scores are
 * perfect; beyond this the check would cost more than the training it guards.
 */
const MAX_TRAINING_TABLE = Math.min(MAX_TABLE_ENTRIES, 1 << 24);

/** Whether the model's rule can be compared with the task's reference on every neighbourhood. */
export function certifiable(model: SeadModel, task: Task): boolean {
  return (
    model.config.mode === 'discrete' &&
    task.rule !== undefined &&
    tableSize(task.inputAlphabet.length, task.stateSymbols.length, model.config.radius) <= MAX_TRAINING_TABLE &&
    compileWork(model.config, task) <= DEFAULT_MAX_COMPILE_WORK
  );
}

/** The certificate of the model's compiled rule, its comparison with the task's reference rule computed. */
export function referenceCertificate(model: SeadModel, task: Task): Certificate & { reference: NonNullable<Certificate['reference']> } {
  const { certificate } = compiledRule(model, task);
  const { reference } = certificate;
  if (!reference) throw new Error(`task "${task.id}" has no reference rule to certify against`);
  return { ...certificate, reference };
}
