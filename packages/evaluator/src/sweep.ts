import * as tf from '@tensorflow/tfjs-core';
import { BoundError, checkGridWindows, compiledRule, predictMany, resolveEngine, SeadModel, type Answer, type Certificate, type Engine, type GridCheck, type Model, type RunResult, type TrainingRecord } from '@sead/core';
import type { LocalRule, Task } from '@sead/tasks';
import { referenceRule, TrajectoryCheck } from './rollout.js';
import { stepStats, type StepStats } from './stats.js';
import { buildSuites, type Suite } from './suites.js';

export const DEFAULT_LENGTHS: readonly number[] = [16, 64, 256, 1024, 4096];
export const DEFAULT_RANDOM_PER_LENGTH = 16;

/**
 * The most multiply-adds a sweep lets one instance take, for models that state their cost before
 * they start (`Model.work`): about a second or two of a CPU. A Transformer's attention grows as L²,
 * so without a bound one long length would run for hours; the lengths over it are skipped, and said so.
 */
export const DEFAULT_MAX_WORK = 4e9;

/** Step-by-step agreement of a suite's rollouts with the task's reference rule. */
export interface RolloutSummary {
  /** Instances whose whole trajectory matched the reference. */
  readonly matched: number;
  readonly total: number;
  /** Steps compared and steps that agreed, summed over the suite's instances. */
  readonly steps: number;
  readonly agreeingSteps: number;
}

/** One (length, suite) cell of a sweep. */
export interface SweepRow {
  readonly length: number;
  /** "random" or an adversarial family's name. */
  readonly suite: string;
  readonly kind: 'random' | 'adversarial';
  /** Exact matches among converged runs. */
  readonly correct: number;
  readonly total: number;
  readonly converged: number;
  /** Steps to converge (fixed points) or steps run (rollouts, step caps). */
  readonly steps: StepStats;
  /**
   * The most cell updates the engine computed per cell of one instance's lattice: the price of a
   * run on the sparse engine, where a quiet rule updates each cell a handful of times. Null for
   * models that are not run cell by cell (other architectures).
   */
  readonly updatesPerCell: number | null;
  readonly seconds: number;
  /** Rollout tasks with a reference rule, discrete models: trajectories checked step by step. */
  readonly rollout?: RolloutSummary;
}

/** Everything at one length, with the observable the paper is about: steps to converge. */
export interface LengthSummary {
  readonly length: number;
  readonly correct: number;
  readonly total: number;
  readonly accuracy: number;
  /** Median steps of the random suite; null without one. */
  readonly randomSteps: number | null;
  /** Most steps any adversarial instance took; null without adversarial suites. */
  readonly adversarialSteps: number | null;
  /** The most cell updates per cell of any instance (`SweepRow.updatesPerCell`); null as there. */
  readonly updatesPerCell: number | null;
}

/** The settings a sweep ran with, so that it can be repeated. */
export interface SweepSettings {
  readonly lengths: readonly number[];
  readonly randomPerLength: number;
  readonly seed: number;
  readonly adversarial: boolean;
  readonly maxSteps: number | null;
  /**
   * The engine that ran a SEAD model's sweep: dense, or sparse (the compiled table, or the network
   * on the cells that move). Null for other architectures, which have no engines.
   */
  readonly engine: 'dense' | 'sparse' | null;
  /** The bound on one instance's multiply-adds, for models that state their cost (`Model.work`). */
  readonly maxWork: number;
}

/** A length the sweep did not run, and why: the model cannot read it, or it costs more than the bound. */
export interface SkippedLength {
  readonly length: number;
  readonly reason: string;
}

export interface SweepReport {
  readonly task: string;
  /** The model's architecture (`Model.architecture`): "sead", "lstm", "transformer-rotary", … */
  readonly architecture: string;
  /** What the report calls this model: the task id unless the sweep was given a name (two models of one task). */
  readonly name: string;
  readonly parameters: number;
  /**
   * The training regime from the checkpoint's record when given, otherwise a SEAD model's state
   * mode; for other architectures, the `regime` option ("unknown" without one).
   */
  readonly regime: string;
  /** The model's shape (`Model.config`): a `SeadConfig` when `architecture` is "sead". */
  readonly config: object;
  /** The tfjs backend the sweep ran on. */
  readonly backend: string;
  readonly settings: SweepSettings;
  readonly rows: readonly SweepRow[];
  readonly byLength: readonly LengthSummary[];
  /** Lengths of `settings.lengths` the sweep did not run (only models that state a limit or a cost have any). */
  readonly skipped: readonly SkippedLength[];
  /** Every instance at every length answered exactly, and no length skipped. */
  readonly allCorrect: boolean;
  /**
   * Discrete models: the compiled table's certificate. With `reference.exact`, the learned rule
   * equals the task's reference rule on every neighbourhood, so the model is exact at every length,
   * not only at those swept. Null for continuous models.
   */
  readonly certificate: Certificate | null;
  /** Why a discrete model has no certificate: its table was over the bound on compiling, or it steps grids. */
  readonly uncertified?: string;
  /** Grid models: the rule against the reference on the windows the reference's runs meet (no certificate). */
  readonly gridCheck?: GridCheck;
}

/** Reported after each (length, suite). */
export interface SweepProgress {
  readonly task: string;
  readonly row: SweepRow;
  /** Rows finished so far, and rows in the whole sweep. */
  readonly done: number;
  readonly total: number;
}

/** Reported as instances of a length are answered, so that a long length shows where it is. */
export interface InstanceProgress {
  readonly task: string;
  readonly length: number;
  /** Instances of this length answered so far, and in all. */
  readonly answered: number;
  readonly total: number;
  /** Steps the last answered instance took. */
  readonly steps: number;
  /** Seconds since this length began. */
  readonly seconds: number;
}

export interface SweepOptions {
  lengths?: readonly number[];
  randomPerLength?: number;
  seed?: number;
  adversarial?: boolean;
  /** Step cap of fixed-point runs; default the core's 2L + 64. */
  maxSteps?: number;
  batchSize?: number;
  /** dense, sparse or auto (sparse). */
  engine?: Engine;
  /** The most cell updates one instance's run may compute (the core's default otherwise); a run that reaches it counts as not converged. */
  maxUpdates?: number;
  /** The most multiply-adds compiling the model's table may take (the core's default otherwise). */
  maxCompileWork?: number;
  /** Bound on one instance's multiply-adds, for models that state their cost (default {@link DEFAULT_MAX_WORK}). */
  maxWork?: number;
  /** The checkpoint's training record, for the report's regime. */
  training?: TrainingRecord;
  /** The regime the model was trained in, when no training record says it (other architectures). */
  regime?: string;
  /** What the report calls the model (default the task id). */
  name?: string;
  onProgress?: (event: SweepProgress) => void;
  onInstance?: (event: InstanceProgress) => void;
}

/**
 * Exact match of a model at each length, on seeded random instances and on every adversarial family
 * of the task. An answer counts only if it equals the reference solver's and the run converged.
 *
 * Any `Model` of the core can be swept. A SEAD model runs on its engines, its rollouts are checked
 * step by step against the task's reference rule, and a discrete one's compiled table is certified;
 * another architecture answers through its own `predictMany`, and a length it cannot read
 * (`maxLength`) or that would cost more than `maxWork` (`work`) is skipped and listed in `skipped`.
 */
export function lengthSweep<I, O>(model: Model, task: Task<I, O>, options: SweepOptions = {}): SweepReport {
  const settings = sweepSettings(model, options);
  if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
  const sead = model instanceof SeadModel ? model : undefined;
  const rule = sead && task.dynamics === 'rollout' && task.rule && sead.config.mode === 'discrete' ? referenceRule(sead, task) : undefined;
  const skipped = settings.lengths.flatMap((length) => {
    const reason = skipReason(model, task, length, settings.maxWork);
    return reason === undefined ? [] : [{ length, reason }];
  });
  const plan = settings.lengths
    .filter((length) => !skipped.some((s) => s.length === length))
    .map((length) => ({ length, suites: buildSuites(task, length, settings) }));
  const total = plan.reduce((n, p) => n + p.suites.length, 0);
  const rows: SweepRow[] = [];
  for (const { length, suites } of plan) {
    for (const row of evaluateLength(model, task, length, suites, settings, options, rule)) {
      rows.push(row);
      options.onProgress?.({ task: task.id, row, done: rows.length, total });
    }
  }
  const byLength = plan.map(({ length }) => summariseLength(length, rows.filter((r) => r.length === length)));
  const { certificate, uncertified, gridCheck } = sead ? certify(sead, task, options) : { certificate: null };
  return {
    task: task.id,
    architecture: model.architecture,
    name: options.name ?? (model.architecture === 'sead' ? task.id : `${task.id}, ${model.architecture}`),
    parameters: model.parameterCount,
    regime: options.training?.regime ?? (sead ? sead.config.mode : (options.regime ?? 'unknown')),
    config: { ...model.config },
    backend: tf.getBackend(),
    settings,
    rows,
    byLength,
    skipped,
    allCorrect: skipped.length === 0 && rows.every((r) => r.correct === r.total),
    certificate,
    ...(uncertified !== undefined && { uncertified }),
    ...(gridCheck && { gridCheck }),
  };
}

/** Why a model cannot be swept at a length, if it cannot: more cells than it reads, or more work than the bound. */
function skipReason(model: Model, task: Task<any, any>, length: number, maxWork: number): string | undefined {
  const cells = latticeLength(task, length);
  if (model.maxLength !== undefined && cells > model.maxLength) return `${cells} cells; the model reads at most ${model.maxLength}`;
  const work = model.work?.(cells);
  if (work !== undefined && work > maxWork) return `${work.toExponential(1)} multiply-adds per instance; the bound is ${maxWork.toExponential(1)}`;
  return undefined;
}

/** Cells of the lattices of instances of a length (addition's have one more, for the last carry). */
function latticeLength(task: Task<any, any>, length: number): number {
  // Any instance of the length will do: its lattice's length is what the model is asked to read.
  return task.encode(task.random(length, () => 0)).length;
}

/** A discrete model's certificate, or why there is none; a grid model's check against the reference instead. */
function certify(model: SeadModel, task: Task<any, any>, options: SweepOptions): { certificate: Certificate | null; uncertified?: string; gridCheck?: GridCheck } {
  if (model.config.mode !== 'discrete') return { certificate: null };
  if (model.config.dimensions === 2) {
    if (!task.rule) return { certificate: null, uncertified: `task "${task.id}" has no reference rule to compare with` };
    return { certificate: null, uncertified: `a grid's windows are too many to enumerate into a table`, gridCheck: checkGridWindows(model, task) };
  }
  try {
    return { certificate: compiledRule(model, task, { maxCompileWork: options.maxCompileWork }).certificate };
  } catch (error) {
    if (error instanceof BoundError) return { certificate: null, uncertified: error.message };
    throw error;
  }
}

function sweepSettings(model: Model, options: SweepOptions): SweepSettings {
  const lengths = options.lengths ?? DEFAULT_LENGTHS;
  if (lengths.length === 0 || !lengths.every((l) => Number.isInteger(l) && l >= 1)) {
    throw new RangeError(`lengths must be a non-empty list of positive integers, got ${JSON.stringify(lengths)}`);
  }
  const randomPerLength = options.randomPerLength ?? DEFAULT_RANDOM_PER_LENGTH;
  if (!Number.isInteger(randomPerLength) || randomPerLength < 0) {
    throw new RangeError(`randomPerLength must be a non-negative integer, got ${JSON.stringify(randomPerLength)}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${JSON.stringify(seed)}`);
  const maxSteps = options.maxSteps ?? null;
  const engine = model instanceof SeadModel ? resolveEngine(model, options.engine ?? 'auto') : null;
  const maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
  if (!(maxWork > 0)) throw new RangeError(`maxWork must be a positive number, got ${JSON.stringify(maxWork)}`);
  if (maxSteps !== null && (!Number.isInteger(maxSteps) || maxSteps < 1)) {
    throw new RangeError(`maxSteps must be a positive integer, got ${JSON.stringify(maxSteps)}`);
  }
  return { lengths: [...lengths], randomPerLength, seed, adversarial: options.adversarial ?? true, maxSteps, engine, maxWork };
}

/**
 * Every suite of one length in one go: their lattices share a length, so they relax side by side
 * in one batch rather than one small batch per adversarial family. A row's `seconds` is its share,
 * by instance count, of that run.
 */
function evaluateLength<I, O>(model: Model, task: Task<I, O>, length: number, suites: readonly Suite<I>[], settings: SweepSettings, options: SweepOptions, rule: LocalRule | undefined): SweepRow[] {
  const start = performance.now();
  const { batchSize, maxUpdates, maxCompileWork, onInstance } = options;
  const instances = suites.flatMap((suite) => suite.instances);
  // Rollouts are checked against the reference rule as they run, step by step, keeping no history.
  const checks = rule ? instances.map((instance) => new TrajectoryCheck(rule, task.encode(instance))) : undefined;
  const onAnswered = (answered: number, _total: number, last: Answer<unknown>) =>
    onInstance?.({ task: task.id, length, answered, total: instances.length, steps: last.steps, seconds: (performance.now() - start) / 1000 });
  const predictions: (Answer<O> & { run?: RunResult })[] =
    model instanceof SeadModel
      ? predictMany(model, task, instances, {
          engine: settings.engine ?? 'auto',
          ...(settings.maxSteps !== null && { maxSteps: settings.maxSteps }),
          ...(batchSize !== undefined && { batchSize }),
          maxUpdates,
          maxCompileWork,
          ...(checks && { onStep: (k: number, t: number, symbols: Uint8Array) => checks[k].observe(t, symbols) }),
          onAnswered,
        })
      : model.predictMany(task, instances, { ...(batchSize !== undefined && { batchSize }), onAnswered });
  const agreements = checks?.map((check, k) => check.finish(predictions[k].run!));
  const seconds = (performance.now() - start) / 1000;
  let offset = 0;
  return suites.map((suite) => {
    const at = offset;
    offset += suite.instances.length;
    const steps: number[] = [];
    let updatesPerCell: number | null = null;
    let correct = 0;
    let converged = 0;
    const rollout = rule ? { matched: 0, total: 0, steps: 0, agreeingSteps: 0 } : undefined;
    suite.instances.forEach((instance, k) => {
      const prediction = predictions[at + k];
      steps.push(prediction.steps);
      const { run } = prediction;
      if (run) updatesPerCell = Math.max(updatesPerCell ?? 0, run.updates / Math.max(1, run.symbols.length));
      if (prediction.converged) converged++;
      if (prediction.converged && task.equal(prediction.output, task.solve(instance))) correct++;
      const agreement = agreements?.[at + k];
      if (rollout && agreement) {
        rollout.total++;
        rollout.steps += agreement.steps;
        rollout.agreeingSteps += agreement.agreeingSteps;
        if (agreement.firstMismatch === null) rollout.matched++;
      }
    });
    return {
      length,
      suite: suite.name,
      kind: suite.kind,
      correct,
      total: suite.instances.length,
      converged,
      steps: stepStats(steps),
      updatesPerCell,
      seconds: instances.length === 0 ? 0 : (seconds * suite.instances.length) / instances.length,
      ...(rollout && { rollout }),
    };
  });
}


function summariseLength(length: number, rows: readonly SweepRow[]): LengthSummary {
  const correct = rows.reduce((n, r) => n + r.correct, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  const random = rows.find((r) => r.kind === 'random');
  const adversarial = rows.filter((r) => r.kind === 'adversarial');
  return {
    length,
    correct,
    total,
    accuracy: total === 0 ? 0 : correct / total,
    randomSteps: random ? random.steps.median : null,
    adversarialSteps: adversarial.length > 0 ? Math.max(...adversarial.map((r) => r.steps.max)) : null,
    updatesPerCell: rows.some((r) => r.updatesPerCell !== null) ? Math.max(...rows.map((r) => r.updatesPerCell ?? 0)) : null,
  };
}
