/**
 * The trained, certified checkpoints of the built-in tasks, by task id, for
 * {@link @sead/core!"@sead/core".parseCheckpoint | parseCheckpoint} of `@sead/core`. Bundlers and
 * browsers import the files themselves: `@sead/models/checkpoints/<task>.json`.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Ids of the tasks that ship with a trained checkpoint. */
export const shippedTasks = ['parity', 'addition', 'rule110', 'multiplication'] as const;

/**
 * Which checkpoint of a task: `recipe`, the task's recipe shape (the default, what every command
 * loads); `smallest`, the smallest shape `sead sweep` certified for it, trained from the seed that
 * certified it, as an alternative (`@sead/models/checkpoints/smallest/<task>.json`).
 */
export type ShippedVariant = 'recipe' | 'smallest';

/**
 * Ids of the tasks that ship a `smallest` checkpoint too. `<id>:<name>` is a task read through
 * another of its feature sets (`withInputFeatures` of `@sead/tasks`): parity by one number per bit,
 * addition by digit sums.
 */
export const smallestTasks = ['parity', 'addition', 'rule110', 'parity:bit', 'addition:digit-sum'] as const;

/** The file a task's checkpoint is kept in: its id, a feature set's ":" written "." (a name every file system takes). */
export function checkpointFileName(taskId: string): string {
  return `${taskId.replace(':', '.')}.json`;
}

/** Where the shipped checkpoint of a task lives, or undefined when none ships. */
export function shippedCheckpointPath(taskId: string, variant: ShippedVariant = 'recipe'): string | undefined {
  const ids: readonly string[] = variant === 'smallest' ? smallestTasks : shippedTasks;
  if (!ids.includes(taskId)) return undefined;
  return fileURLToPath(new URL(`../checkpoints/${variant === 'smallest' ? 'smallest/' : ''}${checkpointFileName(taskId)}`, import.meta.url));
}

/** The shipped checkpoint's text, for `parseCheckpoint` of `@sead/core`; undefined when none ships. */
export function shippedCheckpointText(taskId: string, variant: ShippedVariant = 'recipe'): string | undefined {
  const path = shippedCheckpointPath(taskId, variant);
  return path === undefined ? undefined : readFileSync(path, 'utf8');
}
