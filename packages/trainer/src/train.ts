import * as tf from '@tensorflow/tfjs-core';
import { checkGridWindows, modelFromCheckpoint, SeadModel, toCheckpoint, type Checkpoint, type GridCheck, type ModelShape, type ReferenceCheck } from '@sead/core';
import { initialWeights, weightsHash, WEIGHT_NAMES } from '@sead/core/training';
import { mixSeed, seededRandom, type Task } from '@sead/tasks';
import { Adam } from './adam.js';
import { allCorrect, validate, validationInstances, type LengthScore } from './validate.js';
import { certification, certificationOf, certificationProblem, isCertified, referenceCertificate, tableProblem, type Certification } from './certify.js';
import { coverageSearch, type CoverageOptions, type CoverageScore } from './coverage.js';
import { readProgress, type Progress } from './progress-record.js';
import { REGIMES, regimeProblem, type Lesson, type Regime, type RegimeSettings, type Supervision, type TrainingRegime } from './regimes/index.js';

export interface TrainOptions {
  task: Task;
  /**
   * relax: from examples alone, backpropagation through T steps projected onto symbols, a discrete
   * model. relax-continuous: the same examples through σ, a continuous model. chaos: single steps
   * of the task's reference rule, a discrete model. Default: the recipe's (relax with `ignoreRule`).
   */
  regime?: Regime;
  /**
   * Train and validate as if the task had no reference rule: nothing during training reads
   * `task.rule` (so chaos cannot be used); the reference is consulted once training has ended, for
   * `TrainResult.certification` only, and `solved` then means every validation answer was exact.
   */
  ignoreRule?: boolean;
  /**
   * Relax: which targets the loss sees: every cell's (`cells`, default), or only the answer cell's
   * (`readout`, for a task whose `readout` designates one cell).
   */
  supervision?: Supervision;
  /** The model's shape; default the recipe's. */
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
  /**
   * Discrete models: candidates the coverage search of each validation may draw (see
   * `coverageSearch`; default 2000, 0 for none). It stops sooner once 400 in a row meet nothing new.
   * A run that certifies its rule against the reference does without: the certificate covers every
   * reachable neighbourhood.
   */
  searchBudget?: number;
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
   * Whether a model of a task with a reference rule counts as solved only once its compiled rule
   * equals the reference on every reachable neighbourhood (the certificate of
   * {@link @sead/core!"@sead/core".compiledRule | compiledRule}), not only on the validation
   * instances: rare neighbourhoods a validation set misses are then trained on until they are
   * right. Default true. A model whose rule cannot be compared (a continuous one, a table too large
   * to compile) is then never solved: its result says "not certified" and why.
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
      /** Discrete models: the coverage search's instances and how they were answered. */
      coverage?: CoverageScore;
      seconds: number;
      /** With `certify`, once every score is perfect: the compiled rule against the task's reference. */
      reference?: ReferenceCheck;
    }
  | { type: 'checkpoint'; iteration: number; checkpoint: Checkpoint }
  | { type: 'restart'; iteration: number; restarts: number };

export interface TrainResult {
  /** The model trained: at the end of a run that solved the task, else the best-scoring weights validated. */
  model: SeadModel;
  checkpoint: Checkpoint;
  /**
   * Whether the task is solved: every validation answer exact and, for a task with a reference rule
   * trained with `certify` (and without `ignoreRule`), the rule certified exact.
   */
  solved: boolean;
  /** Whether every validation answer was exact (the coverage search's included). */
  validated: boolean;
  /**
   * The compiled rule against the task's reference: certified exact, compared and different, or
   * not certified and why. With `ignoreRule`, computed once training has ended, for the report.
   */
  certification: Certification;
  /** When the rule was compared: the comparison (as in `certification`). */
  reference?: ReferenceCheck;
  iterations: number;
  seconds: number;
  scores: LengthScore[];
  coverage?: CoverageScore;
}

/**
 * Trains a SEAD model on a task until it answers every validation length exactly (and, where it is
 * asked for and possible, its rule is certified), or the budget runs out; then the best-scoring
 * weights validated are the result. Deterministic: the same options give the same weights on the
 * same backend.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { task } = options;
  // What training sees: with ignoreRule, the task without its rule (the report alone reads it).
  const seen = options.ignoreRule ? withoutRule(task) : task;
  const recipe = task.recipe;
  const regime: Regime = options.regime ?? (options.ignoreRule ? 'relax' : (recipe?.regime ?? (task.cellTargets ? 'relax' : 'chaos')));
  checkRegime(seen, regime, options.ignoreRule === true);
  const method: TrainingRegime = REGIMES[regime];
  const tuned = regimeDefaults(task, regime);
  const seed = options.seed ?? 0;
  const shape = options.model ?? recipe?.model ?? { channels: task.stateSymbols.length, embedding: 2, hidden: 4, radius: 1 };
  const learningRate = options.learningRate ?? tuned.learningRate;
  const batchSize = options.batchSize ?? tuned.batchSize;
  const maxIterations = options.maxIterations ?? tuned.maxIterations;
  const [minLength, maxLength] = options.trainLengths ?? recipe?.trainLengths ?? [4, 16];
  const validationLengths = options.validationLengths ?? recipe?.validationLengths ?? [4 * maxLength];
  const validationSize = options.validationSize ?? 32;
  const validateEvery = options.validateEvery ?? 50;
  const checkpointEvery = options.checkpointEvery ?? 500;
  const supervision = options.supervision ?? 'cells';
  checkOptions(minLength, maxLength, validationLengths);
  const settings: RegimeSettings = {
    task: seen,
    trainLengths: [minLength, maxLength],
    batchSize,
    stepsPerCell: options.stepsPerCell ?? [1, 2],
    extraSteps: options.extraSteps ?? 4,
    supervision,
  };

  const model = options.resume ? modelFromCheckpoint(options.resume) : SeadModel.create(task, shape, method.mode, seed);
  // Certify during training: a task whose rule training may read. Why it cannot be done, if so.
  const certifying = (options.certify ?? true) && !options.ignoreRule && task.rule !== undefined;
  const uncertifiable = certifying ? certificationProblem(model, task) : undefined;
  const resumed = resumedProgress(options.resume, minLength, maxLength);
  const patience = options.patience ?? 400;
  const searchBudget = options.searchBudget ?? 2000;
  const fresh = (iterations: number, restarts: number, curriculum: number): Progress => ({
    iterations,
    curriculum,
    streak: 0,
    restarts,
    validatedAt: iterations - validateEvery,
    // Not Infinity: the progress record travels through JSON.
    smoothLoss: Number.MAX_VALUE,
    bestLoss: Number.MAX_VALUE,
    bestAt: iterations,
    optimizer: { step: 0, m: [], v: [] },
  });
  let progress: Progress = resumed ?? fresh(0, 0, Math.min(minLength + 2, maxLength));
  const variables = WEIGHT_NAMES.map((name) => model.weights[name]);
  const newOptimizer = () => new Adam(variables, learningRate, undefined, undefined, undefined, method.clipNorm);
  let optimizer = newOptimizer();
  if (resumed && resumed.optimizer.step > 0) optimizer.restore(resumed.optimizer);

  const started = performance.now();
  const before = options.resume?.training?.seconds;
  const elapsed = () => (performance.now() - started) / 1000 + (typeof before === 'number' && Number.isFinite(before) ? before : 0);
  const emit = async (event: TrainEvent) => options.onEvent && (await options.onEvent(event));
  let scores: LengthScore[] = [];
  let coverage: CoverageScore | undefined;
  let certificate: ReturnType<typeof referenceCertificate> | undefined;
  let reference: ReferenceCheck | undefined;
  /** The last validation's score: the sum over its lengths (and the search) of the share answered exactly. */
  let lastScore = 0;
  /** The best-scoring validation so far, with the weights and progress it was made of. */
  let best: { score: number; weights: ReturnType<SeadModel['weightArrays']>; progress: Progress; scores: LengthScore[]; coverage?: CoverageScore } | undefined;
  const checkpoint = (solved: boolean, keptFrom?: number) => {
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
      ...(coverage && { coverage }),
      ...(options.ignoreRule && { ignoreRule: true }),
      ...(supervision !== 'cells' && { supervision }),
      ...(certificate && { certified: isCertified(certificationOf(certificate)) }),
      // A grid model has no compiled table to carry its certificate: the record holds what it found.
      ...(gridCheck && {
        gridCertificate: {
          certified: gridCheck.certified,
          closureWindows: gridCheck.closure.windows,
          closureMismatches: gridCheck.closure.mismatches,
          windowsMet: gridCheck.windows,
          mismatchesMet: gridCheck.mismatches,
        },
      }),
      // The weights are the best validated, from this iteration, not the last.
      ...(keptFrom !== undefined && { keptFrom }),
      progress,
    };
    return toCheckpoint(model, record, current);
  };
  const validated = () => allCorrect(scores) && (!coverage || (coverage.correct === coverage.kept && (!coverage.long || coverage.long.correct === coverage.long.instances)));
  // A grid model is held to the reference on the closure of reachable windows (`checkGridWindows`), a row model to its table's certificate.
  const grid = model.config.dimensions === 2;
  let gridCheck: GridCheck | undefined;
  const solvedNow = () => validated() && (!certifying || (grid ? gridCheck?.certified === true : certificate !== undefined && isCertified(certificationOf(certificate))));

  /** Validation scores, the coverage search, and, when they are perfect and the rule can be certified, the certificate. */
  const validation = async () => {
    // A run that certifies its rule has a stronger check than any search: the certificate covers
    // every reachable neighbourhood. The search stands in for it where there is none.
    const searching = searchBudget > 0 && !(certifying && !uncertifiable) && tableProblem(model, seen) === undefined;
    // The search compiles the table: validation then runs on it too, as inference will. A grid's
    // table fills as runs meet windows, and its sparse engine steps only the wavefront.
    scores = validate(model, seen, validationLengths, validationSize, seed, searching || grid ? 'sparse' : 'dense');
    coverage = searching ? coverageSearch(model, seen, searchOptions(seen, validationLengths, validationSize, seed, searchBudget)) : undefined;
    certificate = certifying && !uncertifiable && validated() && !grid ? referenceCertificate(model, task) : undefined;
    gridCheck = certifying && !uncertifiable && validated() && grid ? checkGridWindows(model, task) : undefined;
    reference = certificate?.reference;
    const long = coverage?.long && { correct: coverage.long.correct, total: coverage.long.instances };
    const answered = [...scores, ...(coverage ? [{ correct: coverage.correct, total: coverage.kept }] : []), ...(long ? [long] : [])];
    lastScore = answered.reduce((sum, s) => sum + s.correct / Math.max(1, s.total), 0);
    if (!best || lastScore >= best.score) best = { score: lastScore, weights: model.weightArrays(), progress: { ...progress, optimizer: optimizer.state() }, scores, coverage };
    await emit({ type: 'validation', iteration: progress.iterations, scores, ...(coverage && { coverage }), seconds: elapsed(), ...(reference && { reference }) });
    // A rule that cannot be certified: nothing more for training to do once validation is perfect.
    return solvedNow() || (validated() && uncertifiable !== undefined);
  };

  while (progress.iterations < maxIterations && !(options.maxSeconds !== undefined && elapsed() > options.maxSeconds)) {
    const lesson = method.lesson(settings, progress, seededRandom(mixSeed(seed, progress.iterations)));
    const { loss, perfect } = iterate(model, settings, method, lesson, optimizer, variables);
    progress.iterations++;
    progress.smoothLoss = progress.smoothLoss === Number.MAX_VALUE ? loss : 0.95 * progress.smoothLoss + 0.05 * loss;
    if (progress.smoothLoss < 0.97 * progress.bestLoss) {
      progress.bestLoss = progress.smoothLoss;
      progress.bestAt = progress.iterations;
    } else if (progress.iterations - progress.bestAt > patience) {
      // Fresh weights; the curriculum reached is kept, so a restart does not relearn the short lengths first.
      progress = fresh(progress.iterations, progress.restarts + 1, progress.curriculum);
      assignWeights(model, initialWeights(model.config, mixSeed(seed, 0x5eed0000 + progress.restarts)));
      optimizer = newOptimizer();
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
  if (progress.validatedAt !== progress.iterations) await validation();
  progress.optimizer = optimizer.state();
  // Out of budget: the best weights validated, not the last (with the optimizer state and
  // curriculum they were trained to, so a resumed run continues from them).
  let keptFrom: number | undefined;
  if (!solvedNow() && best && best.score > lastScore) {
    keptFrom = best.progress.iterations;
    assignWeights(model, best.weights);
    progress = { ...best.progress, iterations: progress.iterations, validatedAt: progress.iterations, restarts: progress.restarts };
    ({ scores, coverage } = best);
    reference = undefined;
    certificate = undefined;
    gridCheck = undefined;
  }
  const solved = solvedNow();
  // The report: the rule against the reference, also where training never read it.
  const final: Certification =
    options.certify === false
      ? { status: 'not-certified', why: 'certification was turned off' }
      : certificate
        ? certificationOf(certificate)
        : gridCheck?.weightsHash === weightsHash(model.config, model.weightArrays())
          ? { status: 'checked', grid: gridCheck }
          : certification(model, task);
  const record = checkpoint(solved, keptFrom);
  await emit({ type: 'checkpoint', iteration: progress.iterations, checkpoint: record });
  return {
    model,
    checkpoint: record,
    solved,
    validated: validated(),
    certification: final,
    ...('reference' in final && { reference: final.reference }),
    iterations: progress.iterations,
    seconds: elapsed(),
    scores,
    ...(coverage && { coverage }),
  };
}

/**
 * The learning rate, batch size and iteration budget `train` uses for a task in a regime unless
 * told otherwise: the recipe's for the recipe's own regime (they are tuned to it), the regime's own
 * defaults for another, and the recipe's again for a regime without defaults.
 */
export function regimeDefaults(task: Task, regime: Regime): { learningRate: number; batchSize: number; maxIterations: number } {
  const { recipe } = task;
  const { defaults } = REGIMES[regime];
  const tuned = recipe?.regime === regime || !defaults ? recipe : defaults;
  return { learningRate: tuned?.learningRate ?? 1e-2, batchSize: tuned?.batchSize ?? 32, maxIterations: tuned?.maxIterations ?? 3000 };
}

/**
 * The task as training sees it with `ignoreRule`: every field and method of the task's, by
 * inheritance, and its own `rule`, absent. (Tasks are frozen, so a proxy could not hide it.)
 */
function withoutRule<I, O>(task: Task<I, O>): Task<I, O> {
  return Object.create(task, { rule: { value: undefined, enumerable: true } }) as Task<I, O>;
}

function assignWeights(model: SeadModel, arrays: ReturnType<SeadModel['weightArrays']>): void {
  for (const name of WEIGHT_NAMES) model.weights[name].assign(tf.tensor(arrays[name], model.weights[name].shape));
}

/**
 * Cells of long random instances a validation of a fixed-point task runs, and their length: the
 * first addition models that validated without them were wrong on 2 cells of a random 10⁶-digit
 * sum (a digit triple met about once in 500,000 cells), and parity models trained on the readout
 * cell alone answered every short instance yet never settled on a long one.
 */
const LONG_CELLS = 2_000_000;
const LONG_LENGTH = 250_000;

/** The coverage search of a validation: from its instances, at its lengths. */
function searchOptions(task: Task, lengths: readonly number[], perLength: number, seed: number, budget: number): CoverageOptions {
  const start = lengths.flatMap((length) => validationInstances(task, length, perLength, seed));
  return { lengths, start, budget, patience: 400, longCells: LONG_CELLS, longLength: LONG_LENGTH, seed };
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
function iterate(model: SeadModel, settings: RegimeSettings, method: TrainingRegime, lesson: Lesson, optimizer: Adam, variables: tf.Variable[]) {
  return tf.tidy(() => {
    let wrong!: tf.Scalar;
    const { value, grads } = tf.variableGrads(() => {
      const out = method.loss(model, settings, lesson);
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

function checkRegime(task: Task, regime: string, ignoreRule: boolean): void {
  if (ignoreRule && regime === 'chaos') throw new Error('chaos training imitates the reference rule that ignoreRule sets aside; train with the relax regime');
  const problem = regimeProblem(task, regime);
  if (problem) throw new Error(problem);
}

function checkOptions(minLength: number, maxLength: number, validationLengths: readonly number[]): void {
  if (!(Number.isInteger(minLength) && Number.isInteger(maxLength) && minLength >= 1 && minLength <= maxLength)) {
    throw new Error(`training lengths must be integers with 1 ≤ min ≤ max, got [${minLength}, ${maxLength}]`);
  }
  if (validationLengths.length === 0) throw new Error('at least one validation length is needed');
}
