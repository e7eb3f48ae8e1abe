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

/** Where the shipped checkpoint of a task lives, or undefined when none ships. */
export function shippedCheckpointPath(taskId: string): string | undefined {
  if (!(shippedTasks as readonly string[]).includes(taskId)) return undefined;
  return fileURLToPath(new URL(`../checkpoints/${taskId}.json`, import.meta.url));
}

/** The shipped checkpoint's text, for `parseCheckpoint` of `@sead/core`; undefined when none ships. */
export function shippedCheckpointText(taskId: string): string | undefined {
  const path = shippedCheckpointPath(taskId);
  return path === undefined ? undefined : readFileSync(path, 'utf8');
}
