import type { Task } from '@sead/tasks';

/** What a model answers to one instance. */
export interface Answer<O> {
  readonly output: O;
  /**
   * Sequential steps the answer took: a SEAD run's steps to its attractor (or its rollout's K), a
   * Transformer's layers, a recurrent network's time steps.
   */
  readonly steps: number;
  /** Whether the model reached an answer at all: a SEAD run that settled; a single pass always does. */
  readonly converged: boolean;
}

/** What every model's `predictMany` takes. */
export interface AnswerOptions {
  /** Instances answered side by side. */
  batchSize?: number;
  /** Called as instances are answered. */
  onAnswered?: (answered: number, total: number, last: Answer<unknown>) => void;
}

/**
 * A model of a task, whatever its architecture: what the evaluator sweeps and `sead eval` runs.
 * {@link SeadModel} implements it, and so do the sequence baselines of `@sead/baselines`; an
 * architecture of your own that implements it is swept, tabulated and plotted beside SEAD's.
 *
 * A model reads a task's lattices (its tokens and initial state) and gives the state symbol each
 * cell ends in; the task decodes the answer from those symbols, as it does from a settled SEAD run.
 */
export interface Model {
  readonly taskId: string;
  /** The architecture's name as reports print it: "sead", "lstm", "transformer-rotary", … */
  readonly architecture: string;
  readonly parameterCount: number;
  /** The model's shape as plain data, written into reports. */
  readonly config: object;
  /** The most cells of a lattice the model can read at all (a learned position table ends), if there is such a limit. */
  readonly maxLength?: number;
  /**
   * Multiply-adds that answering one lattice of `cells` cells takes, when the model knows it before
   * it starts: a sweep skips lengths whose cost is over its bound, and says so, rather than run an
   * O(L²) attention for hours. SEAD models leave it out: their runs are bounded as they go.
   */
  work?(cells: number): number;
  /** Answers instances of the task, in order. */
  predictMany<I, O>(task: Task<I, O>, instances: readonly I[], options?: AnswerOptions): Answer<O>[];
  /** Frees the model's tensors. */
  dispose(): void;
}
