import { existsSync } from 'node:fs';
import { BASELINE_CHECKPOINT_FORMAT, baselineFromCheckpoint, validateBaselineCheckpoint } from '@sead/baselines';
import { modelFromCheckpoint, parseCheckpoint, readCheckpointJson, validateCheckpoint, type Checkpoint, type CheckpointOptions, type Model, type SeadModel, type TrainingRecord } from '@sead/core';
import { shippedCheckpointPath, shippedCheckpointText } from '@sead/models';
import type { Task } from '@sead/tasks';
import { loadCheckpoint, readCheckpointText } from '@sead/node';
import type { OptionValues } from './args.js';
import { Failure } from './errors.js';

/** A checkpoint and where it came from: "shipped" or the --model path. */
export interface LoadedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly source: string;
}

/** How the command line asks checkpoints to be loaded: --allow-edited. */
export function checkpointOptions(values: OptionValues): CheckpointOptions {
  return { allowEdited: values['allow-edited'] === true };
}

/**
 * The checkpoint named by --model, validated against the task, or else the one shipped in
 * @sead/models for it. Every problem (missing, too large, truncated, edited, another task's) is a
 * one-line error naming the file.
 */
export async function loadTaskCheckpoint(task: Task<any, any>, modelPath: string | undefined, options: CheckpointOptions = {}): Promise<LoadedCheckpoint> {
  if (modelPath !== undefined) return { checkpoint: await loadCheckpoint(modelPath, task, options), source: modelPath };
  const path = shippedCheckpointPath(task.id);
  if (path === undefined || !existsSync(path)) throw new Failure(`no shipped model for task "${task.id}"; pass --model`);
  const text = shippedCheckpointText(task.id) as string;
  return { checkpoint: parseCheckpoint(text, `shipped for task "${task.id}" (${path})`, task, options), source: 'shipped' };
}

/** The model to run: loads the checkpoint as `loadTaskCheckpoint` does and builds its weights. */
export async function loadModel(task: Task<any, any>, modelPath: string | undefined, options: CheckpointOptions = {}): Promise<LoadedCheckpoint & { model: SeadModel }> {
  const loaded = await loadTaskCheckpoint(task, modelPath, options);
  return { ...loaded, model: modelFromCheckpoint(loaded.checkpoint) };
}

/** A model of any architecture to sweep, with its training record when it is SEAD's. */
export interface LoadedModel {
  readonly model: Model;
  readonly source: string;
  /** A SEAD checkpoint's training record. */
  readonly training?: TrainingRecord;
  /** The regime a baseline was trained in, from its checkpoint. */
  readonly regime?: string;
}

/**
 * The model named by --model, whatever its architecture: a SEAD checkpoint, or a baseline's
 * (`sead baselines --out` writes them), told apart by the file's format; or else SEAD's shipped model.
 */
export async function loadAnyModel(task: Task<any, any>, modelPath: string | undefined, options: CheckpointOptions = {}): Promise<LoadedModel> {
  if (modelPath === undefined) {
    const { model, checkpoint, source } = await loadModel(task, undefined, options);
    return { model, source, training: checkpoint.training };
  }
  const json = readCheckpointJson(await readCheckpointText(modelPath), modelPath);
  if ((json as { format?: unknown } | null)?.format === BASELINE_CHECKPOINT_FORMAT) {
    const checkpoint = validateBaselineCheckpoint(json, modelPath, task);
    return { model: baselineFromCheckpoint(checkpoint), source: modelPath, regime: checkpoint.training?.regime };
  }
  const checkpoint = validateCheckpoint(json, modelPath, task, options);
  return { model: modelFromCheckpoint(checkpoint), source: modelPath, training: checkpoint.training };
}
