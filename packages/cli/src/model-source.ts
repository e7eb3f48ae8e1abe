import { existsSync } from 'node:fs';
import { modelFromCheckpoint, parseCheckpoint, type Checkpoint, type SeadModel } from '@sead/core';
import { shippedCheckpointPath, shippedCheckpointText } from '@sead/models';
import type { Task } from '@sead/tasks';
import { loadCheckpoint } from '@sead/trainer';
import { Failure } from './errors.js';

/** A checkpoint and where it came from: "shipped" or the --model path. */
export interface LoadedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly source: string;
}

/**
 * The checkpoint named by --model, validated against the task, or else the one shipped in
 * @sead/models for it. Every problem (missing, truncated, another task's) is a one-line error.
 */
export async function loadTaskCheckpoint(task: Task<any, any>, modelPath: string | undefined): Promise<LoadedCheckpoint> {
  if (modelPath !== undefined) return { checkpoint: await loadCheckpoint(modelPath, task), source: modelPath };
  const path = shippedCheckpointPath(task.id);
  if (path === undefined || !existsSync(path)) throw new Failure(`no shipped model for task "${task.id}"; pass --model`);
  const text = shippedCheckpointText(task.id) as string;
  return { checkpoint: parseCheckpoint(text, `shipped for task "${task.id}" (${path})`, task), source: 'shipped' };
}

/** The model to run: loads the checkpoint as `loadTaskCheckpoint` does and builds its weights. */
export async function loadModel(task: Task<any, any>, modelPath: string | undefined): Promise<LoadedCheckpoint & { model: SeadModel }> {
  const loaded = await loadTaskCheckpoint(task, modelPath);
  return { ...loaded, model: modelFromCheckpoint(loaded.checkpoint) };
}
