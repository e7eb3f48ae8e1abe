import { predictMany, type RunResult, type SeadModel } from '@sead/core';
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
  /** Steps compared: every step the model computed (see `TrajectoryCheck`). */
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
 * A run compared with the reference rule's trajectory from the same initial state as it goes, step
 * by step, without keeping either: `observe` each step the run takes, then `finish` with its result.
 */
export class TrajectoryCheck {
  readonly #rule: LocalRule;
  readonly #tokens: Uint8Array;
  #reference: Uint8Array;
  #t = 0;
  #last: Uint8Array | undefined;
  #agreeingSteps = 0;
  #firstMismatch: Mismatch | null = null;

  constructor(rule: LocalRule, lattice: Lattice) {
    this.#rule = rule;
    this.#tokens = lattice.tokens;
    this.#reference = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
  }

  /** The run's state at step t (0, 1, 2, … in order). */
  observe(t: number, symbols: Uint8Array): void {
    if (t !== this.#t) throw new RangeError(`a trajectory check needs steps in order: expected step ${this.#t}, got ${t}`);
    if (t > 0) this.#reference = applyRule(this.#rule, this.#tokens, this.#reference);
    const cell = firstDifference(symbols, this.#reference);
    if (cell < 0) {
      if (t > 0) this.#agreeingSteps++;
    } else {
      this.#firstMismatch ??= { step: t, cell };
    }
    this.#last = symbols;
    this.#t++;
  }

  /**
   * The agreement, once the run has ended. A run that stopped at a fixed point at step T also
   * computed step T + 1 (equal to T, which is how it knew to stop), so that step is compared too:
   * a model that freezes while the rule would still move is caught.
   */
  finish(result: RunResult): RolloutAgreement {
    if (result.outcome === 'fixed-point' && this.#last) this.observe(this.#t, this.#last);
    return { steps: this.#t - 1, agreeingSteps: this.#agreeingSteps, firstMismatch: this.#firstMismatch };
  }
}

/** Runs a discrete model on one instance and compares each state with the reference rule's trajectory. */
export function rolloutAgreement<I, O>(model: SeadModel, task: Task<I, O>, instance: I, options: { maxSteps?: number } = {}): RolloutAgreement {
  const check = new TrajectoryCheck(referenceRule(model, task), task.encode(instance));
  const [prediction] = predictMany(model, task, [instance], { ...options, onStep: (_k, t, symbols) => check.observe(t, symbols) });
  return check.finish(prediction.run);
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : a.length;
}
