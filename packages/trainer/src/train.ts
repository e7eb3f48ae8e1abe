import * as tf from '@tensorflow/tfjs-core';
import { modelFromCheckpoint, SeadModel, toCheckpoint, type Checkpoint, type ModelShape, type ReferenceCheck } from '@sead/core';
import { initialWeights, weightsHash, WEIGHT_NAMES } from '@sead/core/training';
import { mixSeed, seededRandom, type Task } from '@sead/tasks';
import { Adam } from './adam.js';
import { allCorrect, validate, type LengthScore } from './validate.js';
import { certifiable, referenceCertificate } from './certify.js';
import { readProgress, type Progress } from './progress-record.js';
import { REGIMES, regimeProblem, type Lesson, type Regime, type RegimeSettings, type TrainingRegime } from './regimes/index.js';

export interface TrainOptions {
  task: Task;
  /** relax: backpropagation through T sampled steps, continuous model. chaos: single steps, discrete model. */
  regime?: Regime;
  model?: ModelShape;
  seed?: number;
  learningRate?: number;
  batchSize?: number;
  maxIterations?: number;
  /** Stop after this much wall time, validated or not. */
  maxSeconds?: number;
  /** Instance lengths trained on, [min, max]. Relax training grows its maximum as a curriculum. */
  trainLengths?: readonly [number, number];
  /** Lengths validated on; training stops once all are answered exactly. */
  validationLengths?: readonly number[];
  /** Random instances per validation length (adversarial ones are added). */
  validationSize?: number;
  validateEvery?: number;
  /** Iterations between `checkpoint` events (there is one after every validation too). */
  checkpointEvery?: number;
  /** Relax regime: T is drawn uniformly from [a·L, b·L] + extra, L the lattice length. */
  stepsPerCell?: readonly [number, number];
  extraSteps?: number;
  /**
   * Iterations without a 3% drop in the smoothed loss after which training restarts from fresh
   * weights drawn from a seed derived from `seed` (a run stuck with dead units does not recover).
   */
  patience?: number;
  /**
   * Whether a discrete model of a task with a reference rule counts as solved only once its compiled
   * rule equals the reference on every neighbourhood (the certificate of
   * {@link @sead/core!"@sead/core".compiledRule | compiledRule}), not only on the validation
   * instances: rare neighbourhoods a validation set misses are then trained on until they are
   * right. Default true; alphabets too large to tabulate skip the check.
   */
  certify?: boolean;
  /** Continue from this checkpoint's weights, optimizer state and curriculum. */
  resume?: Checkpoint;
  /** Called on progress; a returned promise is awaited (e.g. a checkpoint write). */
  onEvent?: (event: TrainEvent) => void | Promise<void>;
}

export type TrainEvent =
  | { type: 'iteration'; iteration: number; loss: number; length: number; steps: number; seconds: number }
  | {
      type: 'validation';
      iteration: number;
      scores: LengthScore[];
      seconds: number;
      /** With `certify`, once every score is perfect: the compiled rule against the task's reference. */
      reference?: ReferenceCheck;
    }
  | { type: 'checkpoint'; iteration: number; checkpoint: Checkpoint }
  | { type: 'restart'; iteration: number; restarts: number };

export interface TrainResult {
  model: SeadModel;
  checkpoint: Checkpoint;
  /** Whether every validation length reached 100% exact match (and, with `certify`, the rule is certified exact). */
  solved: boolean;
  /** With `certify`: the last comparison of the compiled rule with the task's reference rule. */
  reference?: ReferenceCheck;
  iterations: number;
  seconds: number;
  scores: LengthScore[];
}

/**
 * Trains a SEAD model on a task until it answers every validation length exactly, or the budget
 * runs out. Deterministic: the same options give the same weights on the same backend.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { task } = options;
  const recipe = task.recipe;
  const regime: Regime = options.regime ?? recipe?.regime ?? (task.cellTargets ? 'relax' : 'chaos');
  const seed = options.seed ?? 0;
  const shape = options.model ?? recipe?.model ?? { channels: task.stateSymbols.length, embedding: 2, hidden: 4, radius: 1 };
  const learningRate = options.learningRate ?? recipe?.learningRate ?? 1e-2;
  const batchSize = options.batchSize ?? recipe?.batchSize ?? 32;
  const maxIterations = options.maxIterations ?? recipe?.maxIterations ?? 3000;
  const [minLength, maxLength] = options.trainLengths ?? recipe?.trainLengths ?? [4, 16];
  const validationLengths = options.validationLengths ?? recipe?.validationLengths ?? [4 * maxLength];
  const validationSize = options.validationSize ?? 32;
  const validateEvery = options.validateEvery ?? 50;
  const checkpointEvery = options.checkpointEvery ?? 500;
  checkOptions(task, regime, minLength, maxLength, validationLengths);
  const method: TrainingRegime = REGIMES[regime];
  const settings: RegimeSettings = {
    task,
    trainLengths: [minLength, maxLength],
    batchSize,
    stepsPerCell: options.stepsPerCell ?? [1, 2],
    extraSteps: options.extraSteps ?? 4,
  };

  const model = options.resume ? modelFromCheckpoint(options.resume) : SeadModel.create(task, shape, method.mode, seed);
  const certify = (options.certify ?? true) && certifiable(model, task);
  const resumed = resumedProgress(options.resume, minLength, maxLength);
  const patience = options.patience ?? 400;
  const fresh = (iterations: number, restarts: number): Progress => ({
    iterations,
    curriculum: Math.min(minLength + 2, maxLength),
    streak: 0,
    restarts,
    validatedAt: iterations - validateEvery,
    // Not Infinity: the progress record travels through JSON.
    smoothLoss: Number.MAX_VALUE,
    bestLoss: Number.MAX_VALUE,
    bestAt: iterations,
    optimizer: { step: 0, m: [], v: [] },
  });
  let progress: Progress = resumed ?? fresh(0, 0);
  const variables = WEIGHT_NAMES.map((name) => model.weights[name]);
  let optimizer = new Adam(variables, learningRate);
  if (resumed && resumed.optimizer.step > 0) optimizer.restore(resumed.optimizer);

  const started = performance.now();
  const before = options.resume?.training?.seconds;
  const elapsed = () => (performance.now() - started) / 1000 + (typeof before === 'number' && Number.isFinite(before) ? before : 0);
  const emit = async (event: TrainEvent) => options.onEvent && (await options.onEvent(event));
  let scores: LengthScore[] = [];
  let certificate: ReturnType<typeof referenceCertificate> | undefined;
  let reference: ReferenceCheck | undefined;
  const checkpoint = (solved: boolean) => {
    // The last validation's certificate travels with the weights while it still speaks for them.
    const current = certificate?.weightsHash === weightsHash(model.config, model.weightArrays()) ? certificate : undefined;
    const record = {
      regime,
      seed,
      iterations: progress.iterations,
      seconds: Math.round(elapsed() * 100) / 100,
      solved,
      learningRate,
      batchSize,
      trainLengths: [minLength, maxLength],
      validation: Object.fromEntries(scores.map((s) => [String(s.length), s.correct / s.total])),
      ...(reference && { certified: reference.exact }),
      progress,
    };
    return toCheckpoint(model, record, current);
  };

  /** Validation scores, then, when they are perfect and the rule can be certified, the certificate. */
  const validation = async () => {
    scores = validate(model, task, validationLengths, validationSize, seed);
    certificate = certify && allCorrect(scores) ? referenceCertificate(model, task) : undefined;
    reference = certificate?.reference;
    await emit({ type: 'validation', iteration: progress.iterations, scores, seconds: elapsed(), ...(reference && { reference }) });
    return allCorrect(scores) && (!certify || reference?.exact === true);
  };

  while (progress.iterations < maxIterations && !(options.maxSeconds !== undefined && elapsed() > options.maxSeconds)) {
    const lesson = method.lesson(settings, progress, seededRandom(mixSeed(seed, progress.iterations)));
    const { loss, perfect } = iterate(model, task, method, lesson, optimizer, variables);
    progress.iterations++;
    progress.smoothLoss = progress.smoothLoss === Number.MAX_VALUE ? loss : 0.95 * progress.smoothLoss + 0.05 * loss;
    if (progress.smoothLoss < 0.97 * progress.bestLoss) {
      progress.bestLoss = progress.smoothLoss;
      progress.bestAt = progress.iterations;
    } else if (progress.iterations - progress.bestAt > patience) {
      progress = fresh(progress.iterations, progress.restarts + 1);
      const arrays = initialWeights(model.config, mixSeed(seed, 0x5eed0000 + progress.restarts));
      for (const name of WEIGHT_NAMES) model.weights[name].assign(tf.tensor(arrays[name], model.weights[name].shape));
      optimizer = new Adam(variables, learningRate);
      await emit({ type: 'restart', iteration: progress.iterations, restarts: progress.restarts });
      continue;
    }
    method.learned?.(settings, progress, lesson, perfect);
    await emit({ type: 'iteration', iteration: progress.iterations, loss, length: lesson.batch.length, steps: lesson.steps, seconds: elapsed() });
    if (method.ready(settings, progress, perfect) && progress.iterations - progress.validatedAt >= validateEvery) {
      progress.validatedAt = progress.iterations;
      if (await validation()) break;
    }
    if (progress.iterations % checkpointEvery === 0 || progress.validatedAt === progress.iterations) {
      progress.optimizer = optimizer.state();
      await emit({ type: 'checkpoint', iteration: progress.iterations, checkpoint: checkpoint(false) });
    }
  }
  const solved = progress.validatedAt === progress.iterations ? allCorrect(scores) && (!certify || reference?.exact === true) : await validation();
  progress.optimizer = optimizer.state();
  const final = checkpoint(solved);
  await emit({ type: 'checkpoint', iteration: progress.iterations, checkpoint: final });
  return { model, checkpoint: final, solved, iterations: progress.iterations, seconds: elapsed(), scores, ...(reference && { reference }) };
}

/** The progress a resumed run continues from, if its checkpoint records one; its curriculum within this run's lengths. */
function resumedProgress(resume: Checkpoint | undefined, minLength: number, maxLength: number): Progress | undefined {
  if (!resume) return undefined;
  const problem = resumeProblem(resume);
  if (problem) throw new RangeError(`cannot resume from the checkpoint: ${problem}`);
  const record = resume.training?.progress;
  if (record === undefined) return undefined;
  const progress = readProgress(record, weightSizes(resume), unreachable);
  return { ...progress, curriculum: Math.min(Math.max(progress.curriculum, minLength), maxLength) };
}

/** Why training cannot resume from this checkpoint (its progress record is malformed), or undefined. */
export function resumeProblem(checkpoint: Checkpoint): string | undefined {
  const record = checkpoint.training?.progress;
  if (record === undefined) return undefined;
  let problem: string | undefined;
  try {
    readProgress(record, weightSizes(checkpoint), (what) => {
      problem = what;
      throw new RangeError(what);
    });
  } catch (error) {
    if (problem === undefined) throw error;
  }
  return problem;
}

const weightSizes = (checkpoint: Checkpoint) => WEIGHT_NAMES.map((name) => checkpoint.weights[name].length);
const unreachable = (what: string): never => {
  throw new Error(`unreachable: ${what}`);
};

/** One Adam step on one lesson; returns the loss and whether every cell's symbol was right. */
function iterate(model: SeadModel, task: Task, method: TrainingRegime, lesson: Lesson, optimizer: Adam, variables: tf.Variable[]) {
  return tf.tidy(() => {
    let wrong!: tf.Scalar;
    const { value, grads } = tf.variableGrads(() => {
      const out = method.loss(model, task, lesson);
      wrong = tf.keep(out.wrong);
      return out.loss;
    }, variables);
    optimizer.apply(variables.map((v) => grads[v.name]));
    const loss = value.dataSync()[0];
    const perfect = wrong.dataSync()[0] === 0;
    wrong.dispose();
    return { loss, perfect };
  });
}

function checkOptions(task: Task, regime: string, minLength: number, maxLength: number, validationLengths: readonly number[]): void {
  const problem = regimeProblem(task, regime);
  if (problem) throw new Error(problem);
  if (!(Number.isInteger(minLength) && Number.isInteger(maxLength) && minLength >= 1 && minLength <= maxLength)) {
    throw new Error(`training lengths must be integers with 1 ≤ min ≤ max, got [${minLength}, ${maxLength}]`);
  }
  if (validationLengths.length === 0) throw new Error('at least one validation length is needed');
}
