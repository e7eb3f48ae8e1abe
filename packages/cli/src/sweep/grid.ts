import { parameterCount, type ModelShape } from '@sead/core';
import { configFor } from '@sead/core/training';
import { OWN_FEATURES, withInputFeatures, type Task } from '@sead/tasks';
import type { Regime } from '@sead/trainer';

/**
 * The ways a sweep trains: chaos imitates the task's reference rule; relax learns from examples
 * through projected steps, certified against the rule during training; relax-ignore-rule is relax
 * that never reads the rule, compared with it only once training has ended.
 */
export const SWEEP_REGIMES = {
  chaos: { regime: 'chaos', ignoreRule: false },
  relax: { regime: 'relax', ignoreRule: false },
  'relax-ignore-rule': { regime: 'relax', ignoreRule: true },
} as const satisfies Record<string, { regime: Regime; ignoreRule: boolean }>;

export type SweepRegime = keyof typeof SWEEP_REGIMES;

/** The regime a record was trained in, by the trainer's regime and whether it set the rule aside. */
export function sweepRegime(regime: string, ignoreRule: boolean): SweepRegime | undefined {
  return (Object.keys(SWEEP_REGIMES) as SweepRegime[]).find((name) => SWEEP_REGIMES[name].regime === regime && SWEEP_REGIMES[name].ignoreRule === ignoreRule);
}

/** What a sweep trains: every shape of the axes, in every regime, from every seed, on one budget. */
export interface SweepGrid {
  readonly task: string;
  /** The task's feature sets the model reads its input through (`"default"`: `inputAlphabet`). */
  readonly features: readonly string[];
  readonly embedding: readonly number[];
  readonly hidden: readonly number[];
  readonly radius: readonly number[];
  readonly regimes: readonly SweepRegime[];
  /** Seeds 1 … seeds. */
  readonly seeds: number;
  readonly budget: SweepBudget;
}

/** The budget of every run: wall time, and iterations (null: the regime's own budget). */
export interface SweepBudget {
  readonly maxSeconds: number;
  readonly maxIterations: number | null;
}

/** One run of the grid: everything the worker needs to train and judge it. */
export interface RunSpec {
  readonly task: string;
  /** The feature set of the task the model reads (see `Task.inputFeatures`). */
  readonly features: string;
  readonly shape: ModelShape;
  readonly params: number;
  readonly regime: SweepRegime;
  readonly seed: number;
  readonly budget: SweepBudget;
}

/** The most runs one grid may hold: beyond this a sweep would not finish on any cluster we know of. */
export const MAX_GRID_RUNS = 100_000;

/**
 * A record's identity: a rerun skips a run whose key is recorded, and a merge keeps one record per
 * key. The shape names every axis, so that a grid widened later keeps its earlier records.
 */
export function runKey(run: { task: string; features: string; shape: ModelShape; regime: SweepRegime; seed: number }): string {
  return `${run.task}|${shapeText(run.shape, run.features)}|${run.regime}|${run.seed}`;
}

/** A shape as the report writes it: "C3 E2 H4 r1", and the feature set when it is not the task's own: "C3 E2 H4 r1 (bit)". */
export function shapeText(shape: ModelShape, features = OWN_FEATURES): string {
  const text = `C${shape.channels} E${shape.embedding} H${shape.hidden} r${shape.radius}`;
  return features === OWN_FEATURES ? text : `${text} (${features})`;
}

/** A shape of the grid, with the feature set it reads its input through and its parameter count. */
export interface GridShape {
  readonly shape: ModelShape;
  readonly features: string;
  readonly params: number;
}

/**
 * The grid's shapes, smallest parameter count first (ties in the order E, H, r, then the order of
 * the feature sets given). Every regime a sweep runs is discrete, and a discrete model has exactly
 * one state channel per symbol: the channel count is the task's, not an axis. The feature set's
 * width counts in the embedding's parameters.
 */
export function gridShapes(task: Task<any, any>, grid: SweepGrid): GridShape[] {
  const shapes: (GridShape & { order: number })[] = [];
  grid.features.forEach((features, order) => {
    const reading = withInputFeatures(task, features);
    for (const embedding of grid.embedding) {
      for (const hidden of grid.hidden) {
        for (const radius of grid.radius) {
          const shape = { channels: task.stateSymbols.length, embedding, hidden, radius };
          shapes.push({ shape, features, order, params: parameterCount(configFor(reading, shape, 'discrete')) });
        }
      }
    }
  });
  return shapes
    .sort((a, b) => a.params - b.params || a.shape.embedding - b.shape.embedding || a.shape.hidden - b.shape.hidden || a.shape.radius - b.shape.radius || a.order - b.order)
    .map(({ shape, features, params }) => ({ shape, features, params }));
}

/** How many runs a grid holds, before any shape is built. */
export function gridSize(grid: SweepGrid): number {
  return grid.features.length * grid.embedding.length * grid.hidden.length * grid.radius.length * grid.regimes.length * grid.seeds;
}

/** Every run of the grid, in a fixed order: by shape (smallest first), then regime, then seed. */
export function gridRuns(task: Task<any, any>, grid: SweepGrid): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const { shape, features, params } of gridShapes(task, grid)) {
    for (const regime of grid.regimes) {
      for (let seed = 1; seed <= grid.seeds; seed++) runs.push({ task: task.id, features, shape, params, regime, seed, budget: grid.budget });
    }
  }
  return runs;
}

/**
 * Shard `index` of `count` (1-based): every count-th run of the grid's order, starting at the
 * index-th. Dealt round-robin, each shard gets small and large shapes alike, so shards take
 * about as long as one another; together they hold every run exactly once.
 */
export function shardOf<T>(runs: readonly T[], index: number, count: number): T[] {
  return runs.filter((_, k) => k % count === index - 1);
}
