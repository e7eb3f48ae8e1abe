import { predict, type Prediction, type SeadModel } from '@sead/core';
import { applyRule, type Lattice, type LocalRule, type Task } from '@sead/tasks';

/** Where a model's trajectory first left the reference rule's. */
export interface Mismatch {
  /** t: 0 is the initial state, t ≥ 1 the state after t steps. */
  readonly step: number;
  /** The leftmost cell that differs at that step. */
  readonly cell: number;
}

/** Step-by-step agreement of a model's run with the task's reference rule. */
export interface RolloutAgreement {
  /** Steps compared: every step the model computed (see `trajectoryAgreement`). */
  readonly steps: number;
  /** Of those, the steps after which the model's state equals the reference state. */
  readonly agreeingSteps: number;
  /** null when the whole trajectory matched. */
  readonly firstMismatch: Mismatch | null;
}

/** The reference rule of a task, or an error saying why the comparison cannot be made. */
export function referenceRule(model: SeadModel, task: Task<any, any>): LocalRule {
  if (!task.rule) throw new RangeError(`task "${task.id}" has no reference rule to compare a rollout with`);
  if (model.config.mode !== 'discrete') {
    throw new RangeError(`rollout agreement needs a discrete model; this model of task "${model.taskId}" is ${model.config.mode}`);
  }
  return task.rule;
}

/**
 * Runs a discrete model on one instance, recording every step, and compares each state with the
 * trajectory the task's reference rule takes from the same initial state.
 */
export function rolloutAgreement<I, O>(model: SeadModel, task: Task<I, O>, instance: I, options: { maxSteps?: number } = {}): RolloutAgreement {
  const rule = referenceRule(model, task);
  const prediction = predict(model, task, instance, { ...options, record: true });
  return trajectoryAgreement(rule, task.encode(instance), prediction);
}

/**
 * Compares a recorded prediction with the reference trajectory. A run that stopped at a fixed point
 * at step T also computed step T + 1 (equal to T, which is how it knew to stop), so that step is
 * compared too: a model that freezes while the rule would still move is caught.
 */
export function trajectoryAgreement(rule: LocalRule, lattice: Lattice, prediction: Prediction<unknown>): RolloutAgreement {
  const history = prediction.run.history;
  if (!history) throw new RangeError('trajectory agreement needs a run recorded with { record: true }');
  const trajectory = prediction.outcome === 'fixed-point' ? [...history, history[history.length - 1]] : history;
  let reference: Uint8Array = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
  let firstMismatch: Mismatch | null = null;
  let agreeingSteps = 0;
  for (let t = 0; t < trajectory.length; t++) {
    if (t > 0) reference = applyRule(rule, lattice.tokens, reference);
    const cell = firstDifference(trajectory[t], reference);
    if (cell < 0) {
      if (t > 0) agreeingSteps++;
    } else if (!firstMismatch) {
      firstMismatch = { step: t, cell };
    }
  }
  return { steps: trajectory.length - 1, agreeingSteps, firstMismatch };
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : a.length;
}
