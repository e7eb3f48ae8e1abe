import { modelFromCheckpoint, validateCheckpoint, type Checkpoint, type SeadModel } from '@sead/core';
import { subtraction } from '@sead/example-custom-task';
import { addition, multiplication, parity, rule110, type Task } from '@sead/tasks';
import additionCheckpoint from '@sead/models/checkpoints/addition.json';
import multiplicationCheckpoint from '@sead/models/checkpoints/multiplication.json';
import parityCheckpoint from '@sead/models/checkpoints/parity.json';
import rule110Checkpoint from '@sead/models/checkpoints/rule110.json';

/** Where a task's model comes from. */
export type ModelSource =
  /** A trained checkpoint shipped in @sead/models, bundled into the page. */
  | { readonly kind: 'shipped'; readonly checkpoint: unknown }
  /** No checkpoint ships: the page trains one from scratch, with this seed. */
  | { readonly kind: 'trained-here'; readonly seed: number };

export interface PlaygroundTask {
  readonly task: Task;
  readonly model: ModelSource;
}

/**
 * The tasks on offer: the paper's three and long multiplication on a grid, with their shipped
 * models, and the custom task of examples/custom-task.
 */
export const PLAYGROUND_TASKS: readonly PlaygroundTask[] = [
  { task: parity as Task, model: { kind: 'shipped', checkpoint: parityCheckpoint } },
  { task: addition as Task, model: { kind: 'shipped', checkpoint: additionCheckpoint } },
  { task: rule110 as Task, model: { kind: 'shipped', checkpoint: rule110Checkpoint } },
  { task: multiplication as Task, model: { kind: 'shipped', checkpoint: multiplicationCheckpoint } },
  // Seed 1 is the custom task's own example seed (examples/custom-task/src/main.ts).
  { task: subtraction as Task, model: { kind: 'trained-here', seed: 1 } },
];

export function playgroundTask(id: string): PlaygroundTask {
  const entry = PLAYGROUND_TASKS.find((e) => e.task.id === id);
  if (!entry) throw new RangeError(`unknown task "${id}"; the playground has ${PLAYGROUND_TASKS.map((e) => e.task.id).join(', ')}`);
  return entry;
}

/** The shipped checkpoint of a task, validated against the task. */
export function shippedCheckpoint(entry: PlaygroundTask): Checkpoint {
  if (entry.model.kind !== 'shipped') throw new RangeError(`no checkpoint ships for task "${entry.task.id}"`);
  return validateCheckpoint(entry.model.checkpoint, `@sead/models/checkpoints/${entry.task.id}.json`, entry.task);
}

/** A model from a checkpoint made in this page (the worker trained it), validated against the task. */
export function modelFrom(entry: PlaygroundTask, checkpoint: unknown, source: string): SeadModel {
  return modelFromCheckpoint(validateCheckpoint(checkpoint, source, entry.task));
}
