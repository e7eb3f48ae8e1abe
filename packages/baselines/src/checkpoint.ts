import { CheckpointError, Fnv1a64, readCheckpointJson, shortJson, WEIGHTS_HASH_PATTERN, type TaskShape } from '@sead/core';
import { baselineName, parameterCount, validateBaselineConfig, weightShapes, type BaselineConfig } from './config.js';
import { inputWidth } from './inputs.js';
import { BaselineModel } from './model.js';
import type { WeightArrays } from './weights.js';

/**
 * A baseline's checkpoint: the family of SEAD's (a JSON object with a format, a version, the task,
 * the config, the weights and a digest sealing them), under its own format name, so that neither
 * reader mistakes the other's file for its own, and with the architecture named.
 */
export const BASELINE_CHECKPOINT_FORMAT = 'sead-baseline-checkpoint';
export const BASELINE_CHECKPOINT_VERSION = 1;

/** How a baseline was trained: kept with the weights so a checkpoint explains itself. */
export interface BaselineTrainingRecord {
  /** Per-cell targets: the supervision of SEAD's relax regime. */
  regime: 'relax';
  seed: number;
  iterations: number;
  seconds: number;
  trainLengths: [number, number];
  batchSize: number;
  learningRate: number;
  [key: string]: unknown;
}

export interface BaselineCheckpoint {
  format: typeof BASELINE_CHECKPOINT_FORMAT;
  version: number;
  /** The baseline's name: "transformer-rotary", "lstm", … */
  architecture: string;
  task: string;
  parameters: number;
  config: BaselineConfig;
  weights: WeightArrays;
  /** `baselineDigest(config, weights)` when the checkpoint was written: loading refuses weights that no longer match it. */
  digest: string;
  training?: BaselineTrainingRecord;
}

/**
 * A 64-bit FNV-1a digest of the config and of every weight as float32 bytes, as SEAD's
 * `weightsHash` is: it detects edits and corruption, not forgery.
 */
export function baselineDigest(config: BaselineConfig, weights: WeightArrays): string {
  const hash = new Fnv1a64();
  for (const char of JSON.stringify(config)) hash.byte(char.charCodeAt(0) & 0xff);
  for (const name of weightShapes(config).keys()) {
    const values = Float32Array.from(weights[name]);
    // −0 computes as 0, and JSON writes it as 0: both must give the digest written with them.
    for (let i = 0; i < values.length; i++) if (values[i] === 0) values[i] = 0;
    hash.bytes(new Uint8Array(values.buffer));
  }
  return hash.hex;
}

/** A checkpoint of the model, sealed with the digest of its config and weights. */
export function toBaselineCheckpoint(model: BaselineModel, training?: BaselineTrainingRecord): BaselineCheckpoint {
  const weights = model.weightArrays();
  return {
    format: BASELINE_CHECKPOINT_FORMAT,
    version: BASELINE_CHECKPOINT_VERSION,
    architecture: model.architecture,
    task: model.taskId,
    parameters: model.parameterCount,
    config: model.config,
    weights,
    digest: baselineDigest(model.config, weights),
    ...(training && { training }),
  };
}

/** Largest magnitude of a float32: a weight beyond it would become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Checks parsed JSON against the baseline checkpoint format, field by field, and its digest.
 * `source` names the file in every error (one line, a `CheckpointError`). With `task`, also checks
 * that the checkpoint was made for it and reads its tokens.
 */
export function validateBaselineCheckpoint(json: unknown, source: string, task?: TaskShape): BaselineCheckpoint {
  const fail = (what: string): never => {
    throw new CheckpointError(`checkpoint ${source}: ${what}`);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('is not a JSON object');
  const c = json as Record<string, unknown>;
  if (c.format !== BASELINE_CHECKPOINT_FORMAT) fail(`is not a baseline checkpoint (format is ${shortJson(c.format)}, expected "${BASELINE_CHECKPOINT_FORMAT}")`);
  if (c.version !== BASELINE_CHECKPOINT_VERSION) fail(`has version ${shortJson(c.version)}; this reads version ${BASELINE_CHECKPOINT_VERSION}`);
  if (typeof c.task !== 'string' || c.task === '') fail('has no task id');
  if (task && c.task !== task.id) fail(`was trained for task "${c.task}", not "${task.id}"`);
  let config: BaselineConfig;
  try {
    config = validateBaselineConfig(c.config, 'config');
  } catch (error) {
    return fail((error as Error).message);
  }
  if (c.architecture !== baselineName(config)) fail(`names architecture ${shortJson(c.architecture)}, but its config is a ${baselineName(config)}`);
  if (task && (config.inputs !== inputWidth(task) || config.symbols !== task.stateSymbols.length)) {
    fail(`reads ${config.inputs} inputs and gives ${config.symbols} symbols per cell, but task "${task.id}" has ${inputWidth(task)} and ${task.stateSymbols.length}`);
  }
  if (c.weights === null || typeof c.weights !== 'object' || Array.isArray(c.weights)) fail('has no weights');
  const weights: WeightArrays = {};
  for (const [name, shape] of weightShapes(config)) {
    const data = (c.weights as Record<string, unknown>)[name];
    const size = shape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(data)) return fail(`weight ${name} is missing`);
    if (data.length !== size) fail(`weight ${name} has ${data.length} values, its shape [${shape}] needs ${size}`);
    for (let i = 0; i < size; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > FLOAT32_MAX) fail(`weight ${name}[${i}] is ${shortJson(v)}, not a finite float32`);
    }
    weights[name] = data as number[];
  }
  if (typeof c.digest !== 'string' || !WEIGHTS_HASH_PATTERN.test(c.digest)) fail(`digest must be "fnv1a64:" and 16 hexadecimal digits, got ${shortJson(c.digest)}`);
  if (baselineDigest(config, weights) !== c.digest) fail('config and weights do not match their digest: edited or corrupted');
  if (c.training !== undefined && (c.training === null || typeof c.training !== 'object' || Array.isArray(c.training))) fail('training must be an object');
  return {
    format: BASELINE_CHECKPOINT_FORMAT,
    version: BASELINE_CHECKPOINT_VERSION,
    architecture: baselineName(config),
    task: c.task as string,
    parameters: parameterCount(config),
    config,
    weights,
    digest: c.digest as string,
    ...(c.training !== undefined && { training: c.training as BaselineTrainingRecord }),
  };
}

/** A checkpoint's text, parsed (bounded as SEAD's are) and validated. */
export function parseBaselineCheckpoint(text: string, source: string, task?: TaskShape): BaselineCheckpoint {
  return validateBaselineCheckpoint(readCheckpointJson(text, source), source, task);
}

/** The model a checkpoint holds. */
export function baselineFromCheckpoint(checkpoint: BaselineCheckpoint): BaselineModel {
  return new BaselineModel(checkpoint.config, checkpoint.task, checkpoint.weights);
}
