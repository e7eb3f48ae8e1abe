import type * as tf from '@tensorflow/tfjs-core';
import type { SeadModel, StateMode } from '@sead/core';
import type { Random, Task } from '@sead/tasks';
import type { Batch } from '../batches.js';
import type { Progress } from '../progress-record.js';

/** What a regime is told of the run it trains in. */
export interface RegimeSettings {
  readonly task: Task;
  /** Instance lengths trained on, [min, max]. */
  readonly trainLengths: readonly [number, number];
  readonly batchSize: number;
  /** Unrolled steps per lattice cell, [a, b], and steps added: T is drawn from [a·L, b·L] + extra. */
  readonly stepsPerCell: readonly [number, number];
  readonly extraSteps: number;
  /**
   * Which cells' targets the loss sees: every cell's (`cells`), or only the cell the task reads its
   * answer from (`readout`, a task whose `readout` designates one).
   */
  readonly supervision: Supervision;
}

/** Which targets a regime learning from examples is shown; see `RegimeSettings.supervision`. */
export type Supervision = 'cells' | 'readout';

/** One iteration's material: a batch, and how many steps the model is unrolled on it. */
export interface Lesson {
  /** The instance length drawn (the task's `random` length; its lattices may be longer). */
  readonly length: number;
  readonly batch: Batch;
  readonly steps: number;
}

/**
 * A way of training SEAD: what each iteration is shown, the loss it minimises and when the model
 * is worth validating. The training loop (`train`) does the rest, the same for every regime:
 * defaults, the optimizer, restarts, validation, certification and checkpoints.
 */
export interface TrainingRegime {
  readonly name: string;
  /** The state mode of the models it trains. */
  readonly mode: StateMode;
  /**
   * Learning rate, batch size and iteration budget where the task's recipe is for another regime (a
   * recipe's are tuned to its own); absent, the recipe's serve every regime.
   */
  readonly defaults?: { readonly learningRate: number; readonly batchSize: number; readonly maxIterations: number };
  /** Gradients whose global norm is above this are scaled down to it (see `Adam`). */
  readonly clipNorm?: number;
  /** Why it cannot train `task`, or undefined when it can. */
  problem(task: Task): string | undefined;
  /** This iteration's lesson, drawn from `random` (and, for a curriculum, from `progress`). */
  lesson(settings: RegimeSettings, progress: Progress, random: Random): Lesson;
  /**
   * The loss of the model on a lesson, to be differentiated, and how many cells it got wrong (a
   * scalar the caller disposes).
   */
  loss(model: SeadModel, settings: RegimeSettings, lesson: Lesson): { loss: tf.Scalar; wrong: tf.Scalar };
  /** After an iteration: what the regime learns of it (a curriculum grows). */
  learned?(settings: RegimeSettings, progress: Progress, lesson: Lesson, perfect: boolean): void;
  /** Whether validating now is worth its cost: validation runs lattices far longer than training's. */
  ready(settings: RegimeSettings, progress: Progress, perfect: boolean): boolean;
}
