import { claimCertificate, plainCertificate, readCertificate } from './claim.js';
import { CheckpointError, shortJson } from './error.js';
import { MAX_PARAMETERS, validateConfig, WEIGHT_NAMES, weightShapes, parameterCount, type SeadConfig } from '../model/config.js';
import type { Certificate } from '../compile/certificate.js';
import { weightsHash, WEIGHTS_HASH_PATTERN } from '../model/weights-hash.js';
import { jsonNestingBeyond } from './json-nesting.js';
import { SeadModel } from '../model/model.js';
import type { TaskShape } from '../lattice.js';
import type { WeightArrays } from '../model/weights.js';

export { CheckpointError, shortJson };

export const CHECKPOINT_FORMAT = 'sead-checkpoint';
/** 2: sealed with the digest of its config and weights. 1 (no digest) loads only with `allowEdited`. */
export const CHECKPOINT_VERSION = 2;

/**
 * Largest checkpoint read, in bytes of a file or characters of text. The largest model
 * (`MAX_PARAMETERS`) writes three float32 numbers per parameter, its weight and Adam's two moments,
 * each at most 26 characters with its comma: 78 MiB. Everything else is a few kilobytes.
 */
export const MAX_CHECKPOINT_BYTES = 128 * 1024 * 1024;

/** Deepest nesting of arrays and objects read: a checkpoint's is 6 (training.progress.optimizer.m[k]). */
export const MAX_CHECKPOINT_DEPTH = 16;

/** Largest magnitude of a float32: a weight beyond it would become Infinity in every engine. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** How a model was trained: kept with the weights so a checkpoint explains itself. */
export interface TrainingRecord {
  /** The trainer's regime, e.g. "relax", "relax-continuous" or "chaos". */
  regime: string;
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
  /**
   * `weightsHash(config, weights)` when the checkpoint was written: loading refuses weights that no
   * longer match it. Absent only from version 1 files (and files loaded with `allowEdited`).
   */
  digest?: string;
  /**
   * Discrete models: the certificate of the table compiled from these weights, when the writer had
   * one. Compiling the loaded model checks it (`compiledRule`).
   */
  certificate?: Certificate;
  /** Describes the weights only while they match the digest (see `checkpointIntegrity`). */
  training?: TrainingRecord;
}

export interface CheckpointOptions {
  /**
   * Loads a checkpoint whose config or weights no longer match their digest (one edited by hand on
   * purpose), or that has no digest (version 1): `checkpointIntegrity` then says its training
   * record and certificate describe other weights. Off by default: such a checkpoint is refused.
   */
  allowEdited?: boolean;
}

/** Whether a checkpoint's weights are those its digest, training record and certificate describe. */
export interface CheckpointIntegrity {
  /**
   * sealed: they are. edited: the config or weights changed after the digest was written (or the
   * certificate speaks for other weights). unsealed: there is no digest to tell (version 1).
   */
  status: 'sealed' | 'edited' | 'unsealed';
  digest: string | null;
  /** The digest of the config and weights the checkpoint holds now. */
  weightsHash: string;
}

/** Where each validated checkpoint came from, for errors found later (the certificate's recheck). */
const sources = new WeakMap<Checkpoint, string>();

/**
 * A checkpoint of the model, sealed with the digest of its config and weights. A certificate must
 * be the model's own (`compiledRule(model, task).certificate`); writing it computes its reference
 * check if that has not run.
 */
export function toCheckpoint(model: SeadModel, training?: TrainingRecord, certificate?: Certificate): Checkpoint {
  const weights = model.weightArrays();
  const digest = weightsHash(model.config, weights);
  if (certificate && certificate.weightsHash !== digest) throw new RangeError(`the certificate speaks for weights ${certificate.weightsHash}, the model's are ${digest}`);
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    task: model.taskId,
    parameters: model.parameterCount,
    config: model.config,
    weights,
    digest,
    ...(certificate && { certificate: plainCertificate(certificate) }),
    ...(training && { training }),
  };
}

/**
 * Checks parsed JSON against the checkpoint format, field by field, then its integrity: the config
 * and weights must match the digest written with them, and a certificate must speak for them.
 * `source` names the file in errors. With `task`, also checks that the checkpoint was made for it.
 */
export function validateCheckpoint(json: unknown, source: string, task?: TaskShape, options: CheckpointOptions = {}): Checkpoint {
  const fail = (what: string): never => {
    throw new CheckpointError(`checkpoint ${source}: ${what}`);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('is not a JSON object');
  const c = json as Record<string, unknown>;
  if (c.format !== CHECKPOINT_FORMAT) fail(`is not a SEAD checkpoint (format is ${shortJson(c.format)}, expected "${CHECKPOINT_FORMAT}")`);
  if (c.version !== CHECKPOINT_VERSION && c.version !== 1) fail(`has version ${shortJson(c.version)}; this SEAD reads version ${CHECKPOINT_VERSION}`);
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
  if (task && (config.dimensions ?? 1) !== (task.dimensions ?? 1)) {
    fail(`steps ${config.dimensions === 2 ? 'grids' : 'rows'} but task "${task.id}" lays its lattices out as ${task.dimensions === 2 ? 'grids' : 'rows'}`);
  }
  if (task && config.mode === 'discrete' && config.channels !== task.stateSymbols.length) {
    fail(`is discrete with ${config.channels} channels but task "${task.id}" has ${task.stateSymbols.length} state symbols`);
  }
  const weights = readWeights(c.weights, config, fail);
  if (c.digest !== undefined && (typeof c.digest !== 'string' || !WEIGHTS_HASH_PATTERN.test(c.digest))) {
    fail(`digest must be "fnv1a64:" and 16 hexadecimal digits, got ${shortJson(c.digest)}`);
  }
  const certificate = c.certificate === undefined ? undefined : readCertificate(c.certificate, fail);
  if (c.training !== undefined && (c.training === null || typeof c.training !== 'object' || Array.isArray(c.training))) fail('training must be an object');
  const checkpoint: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    version: c.version as number,
    task: c.task as string,
    parameters: parameterCount(config),
    config,
    weights,
    ...(c.digest !== undefined && { digest: c.digest as string }),
    ...(certificate && { certificate }),
    ...(c.training !== undefined && { training: c.training as TrainingRecord }),
  };
  const problem = integrityProblem(checkpoint);
  if (problem && !options.allowEdited) fail(problem);
  // Sealed with a certificate, yet continuous: written wrong (an edited mode is caught above).
  if (!problem && certificate && config.mode !== 'discrete') fail('carries a certificate, but a continuous model has no table to certify');
  sources.set(checkpoint, source);
  return checkpoint;
}

/** Every weight present, of its shape, and a number float32 can hold. */
function readWeights(json: unknown, config: SeadConfig, fail: (what: string) => never): WeightArrays {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('has no weights');
  const shapes = weightShapes(config);
  const weights = {} as WeightArrays;
  for (const name of WEIGHT_NAMES) {
    const data = (json as Record<string, unknown>)[name];
    const size = shapes[name].reduce((a, b) => a * b, 1);
    if (!Array.isArray(data)) return fail(`weight ${name} is missing`);
    if (data.length !== size) fail(`weight ${name} has ${data.length} values, its shape [${shapes[name]}] needs ${size}`);
    for (let i = 0; i < size; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`weight ${name}[${i}] is ${shortJson(v)}, not a finite number`);
      if (Math.abs(v as number) > FLOAT32_MAX) fail(`weight ${name}[${i}] is ${v}, beyond float32's range (largest magnitude ${FLOAT32_MAX})`);
    }
    weights[name] = data as number[];
  }
  return weights;
}

const ALLOW_EDITED = 'pass --allow-edited to load a hand-edited checkpoint on purpose';

/** Why the checkpoint's weights may not be the ones it describes, or undefined when they are. */
function integrityProblem(checkpoint: Checkpoint): string | undefined {
  const { version, digest, certificate } = checkpoint;
  if (version === 1) return `has version 1, which carries no digest of its config and weights, so an edit or corruption could not be detected (pass --allow-edited to load it on purpose)`;
  if (digest === undefined) return `has no digest of its config and weights: edited or corrupted (${ALLOW_EDITED})`;
  if (weightsHash(checkpoint.config, checkpoint.weights) !== digest) return `config and weights do not match their digest: edited or corrupted (${ALLOW_EDITED})`;
  if (certificate && certificate.weightsHash !== digest) return `the certificate speaks for weights ${certificate.weightsHash}, not these (${digest}): edited or corrupted (${ALLOW_EDITED})`;
  return undefined;
}

/** Whether the checkpoint holds the weights its digest, training record and certificate describe. */
export function checkpointIntegrity(checkpoint: Checkpoint): CheckpointIntegrity {
  const hash = weightsHash(checkpoint.config, checkpoint.weights);
  const digest = checkpoint.digest ?? null;
  const status = digest === null || checkpoint.version === 1 ? 'unsealed' : integrityProblem(checkpoint) === undefined ? 'sealed' : 'edited';
  return { status, digest, weightsHash: hash };
}

/**
 * Parses checkpoint text and validates it as `validateCheckpoint` does. Text too long or nested too
 * deep to be a checkpoint is refused before parsing; every error is one line naming `source`.
 */
export function parseCheckpoint(text: string, source: string, task?: TaskShape, options: CheckpointOptions = {}): Checkpoint {
  return validateCheckpoint(readCheckpointJson(text, source), source, task, options);
}

/**
 * The JSON of checkpoint text, not yet validated: text too long or nested too deep to be a
 * checkpoint is refused before it is parsed. The first half of `parseCheckpoint`, for readers that
 * pick a validator by the file's `format` (SEAD's, or another architecture's in the same family).
 */
export function readCheckpointJson(text: string, source: string): unknown {
  if (text.length > MAX_CHECKPOINT_BYTES) {
    throw new CheckpointError(`checkpoint ${source} is ${text.length} characters long; a checkpoint is at most ${MAX_CHECKPOINT_BYTES} (models of up to ${MAX_PARAMETERS} parameters)`);
  }
  const tooDeep = jsonNestingBeyond(text, MAX_CHECKPOINT_DEPTH);
  if (tooDeep >= 0) {
    throw new CheckpointError(`checkpoint ${source} nests arrays and objects more than ${MAX_CHECKPOINT_DEPTH} deep (at character ${tooDeep}); a checkpoint needs 6: corrupt, or not a checkpoint`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CheckpointError(`checkpoint ${source} is not valid JSON (truncated or corrupt?): ${(error as Error).message}`);
  }
}

/**
 * The model a checkpoint holds. A certificate that comes with it is checked whenever the model's
 * table is compiled (`compiledRule`).
 */
export function modelFromCheckpoint(checkpoint: Checkpoint): SeadModel {
  const model = new SeadModel(checkpoint.config, checkpoint.task, checkpoint.weights);
  if (checkpoint.certificate) claimCertificate(model, checkpoint.certificate, sources.get(checkpoint) ?? `of task "${checkpoint.task}"`);
  return model;
}
