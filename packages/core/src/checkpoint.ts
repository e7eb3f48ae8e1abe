import { validateConfig, WEIGHT_NAMES, weightShapes, parameterCount, type SeadConfig } from './config.js';
import { SeadModel } from './model.js';
import type { TaskShape } from './lattice.js';
import type { WeightArrays } from './weights.js';

export const CHECKPOINT_FORMAT = 'sead-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** How a model was trained: kept with the weights so a checkpoint explains itself. */
export interface TrainingRecord {
  regime: 'relax' | 'chaos';
  seed: number;
  iterations: number;
  seconds: number;
  /** Exact-match accuracy by validation length when training stopped. */
  validation: Record<string, number>;
  [key: string]: unknown;
}

/** A saved model: version, the task it solves, its config, weights and training record. */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  task: string;
  parameters: number;
  config: SeadConfig;
  weights: WeightArrays;
  training?: TrainingRecord;
}

/** Bad checkpoint: the message says which file or field and what is wrong. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export function toCheckpoint(model: SeadModel, training?: TrainingRecord): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    task: model.taskId,
    parameters: model.parameterCount,
    config: model.config,
    weights: model.weightArrays(),
    ...(training && { training }),
  };
}

/**
 * Checks parsed JSON against the checkpoint format, field by field. `source` names the file in
 * errors. With `task`, also checks that the checkpoint was made for it.
 */
export function validateCheckpoint(json: unknown, source: string, task?: TaskShape): Checkpoint {
  const fail = (what: string): never => {
    throw new CheckpointError(`checkpoint ${source}: ${what}`);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('is not a JSON object');
  const c = json as Record<string, unknown>;
  if (c.format !== CHECKPOINT_FORMAT) fail(`is not a SEAD checkpoint (format is ${JSON.stringify(c.format)}, expected "${CHECKPOINT_FORMAT}")`);
  if (c.version !== CHECKPOINT_VERSION) fail(`has version ${JSON.stringify(c.version)}; this SEAD reads version ${CHECKPOINT_VERSION}`);
  if (typeof c.task !== 'string' || c.task === '') fail('has no task id');
  if (task && c.task !== task.id) fail(`was trained for task "${c.task}", not "${task.id}"`);
  let config: SeadConfig;
  try {
    config = validateConfig(c.config, 'config');
  } catch (error) {
    return fail((error as Error).message);
  }
  if (task && config.features !== task.inputAlphabet[0].length) {
    fail(`reads ${config.features} input features but task "${task.id}" has ${task.inputAlphabet[0].length}`);
  }
  if (task && config.mode === 'discrete' && config.channels !== task.stateSymbols.length) {
    fail(`is discrete with ${config.channels} channels but task "${task.id}" has ${task.stateSymbols.length} state symbols`);
  }
  const weights = c.weights as Record<string, unknown> | undefined;
  if (weights === null || typeof weights !== 'object') fail('has no weights');
  const shapes = weightShapes(config);
  for (const name of WEIGHT_NAMES) {
    const data = (weights as Record<string, unknown>)[name];
    const size = shapes[name].reduce((a, b) => a * b, 1);
    if (!Array.isArray(data)) fail(`weight ${name} is missing`);
    if ((data as unknown[]).length !== size) fail(`weight ${name} has ${(data as unknown[]).length} values, its shape [${shapes[name]}] needs ${size}`);
    if (!(data as unknown[]).every((v) => typeof v === 'number' && Number.isFinite(v))) fail(`weight ${name} holds a value that is not a finite number`);
  }
  return { ...(c as unknown as Checkpoint), config, parameters: parameterCount(config) };
}

/** Parses checkpoint text; a truncated or corrupt file gets a one-line error naming it. */
export function parseCheckpoint(text: string, source: string, task?: TaskShape): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`checkpoint ${source} is not valid JSON (truncated or corrupt?): ${(error as Error).message}`);
  }
  return validateCheckpoint(json, source, task);
}

/** The model a checkpoint holds. */
export function modelFromCheckpoint(checkpoint: Checkpoint): SeadModel {
  return new SeadModel(checkpoint.config, checkpoint.task, checkpoint.weights);
}
