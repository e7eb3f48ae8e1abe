import type { ModelShape } from '@sead/core';
import { shapeText, SWEEP_REGIMES, type SweepRegime } from './grid.js';
import { featuresOf, type SweepRecord } from './records.js';

/** A shape is reliable in a regime when at least this share of its seeds are certified: 9 of 10. */
export const RELIABLE_SHARE = 0.9;

/** One shape (with the feature set it reads) in one regime: its runs and how many were certified. */
export interface ShapeScore {
  readonly shape: ModelShape;
  readonly features: string;
  readonly params: number;
  readonly regime: SweepRegime;
  readonly runs: number;
  readonly certified: number;
  /** Runs of a task with a rule that no certificate could speak for, judged by the sweep to 4096 instead (`SweepRecord.uncertifiable`). */
  readonly uncertifiable: number;
  /** Runs that passed the sweep to 4096 and were run again at 10⁶ (`SweepRecord.long`), and how many of them were exact there. */
  readonly long: { readonly length: number; readonly checked: number; readonly exact: number; readonly skipped: number; readonly why?: string } | undefined;
}

/** A task's sweep in brief: every shape's score per regime, and the smallest that succeeded. */
export interface TaskSummary {
  readonly task: string;
  readonly regimes: readonly SweepRegime[];
  /** Shapes smallest first, each with its feature set and its score in every regime that ran it. */
  readonly shapes: readonly { shape: ModelShape; features: string; params: number; scores: ReadonlyMap<SweepRegime, ShapeScore> }[];
  readonly smallest: ReadonlyMap<SweepRegime | 'any', Smallest>;
  readonly runs: number;
  /** Why some model of the task could not be certified (the first such record's reason), if one could not. */
  readonly uncertifiable?: string;
}

/** The smallest shapes (fewest parameters) that were reliable, and that had any certified seed. */
export interface Smallest {
  readonly reliable?: ShapeScore;
  readonly any?: ShapeScore;
}

/** Whether a shape's certified seeds reach `RELIABLE_SHARE` of its runs. */
export function isReliable(score: ShapeScore): boolean {
  return score.runs > 0 && score.certified >= RELIABLE_SHARE * score.runs;
}

/** The records of a sweep, summed per task, shape and regime. */
export function summarize(records: Iterable<SweepRecord>): TaskSummary[] {
  const byTask = new Map<string, SweepRecord[]>();
  for (const record of records) byTask.set(record.task, [...(byTask.get(record.task) ?? []), record]);
  return [...byTask.keys()].sort().map((task) => summarizeTask(task, byTask.get(task)!));
}

function summarizeTask(task: string, records: readonly SweepRecord[]): TaskSummary {
  const order = Object.keys(SWEEP_REGIMES) as SweepRegime[];
  const regimes = order.filter((regime) => records.some((r) => r.sweepRegime === regime));
  const shapes = new Map<string, { shape: ModelShape; features: string; params: number; scores: Map<SweepRegime, ShapeScore> }>();
  for (const r of records) {
    const features = featuresOf(r);
    const key = shapeText(r.shape, features);
    const entry = shapes.get(key) ?? { shape: r.shape, features, params: r.params, scores: new Map() };
    const score = entry.scores.get(r.sweepRegime) ?? { shape: r.shape, features, params: r.params, regime: r.sweepRegime, runs: 0, certified: 0, uncertifiable: 0, long: undefined };
    const long = r.long
      ? {
          length: r.long.length,
          checked: (score.long?.checked ?? 0) + 1,
          exact: (score.long?.exact ?? 0) + (r.long.exact ? 1 : 0),
          skipped: (score.long?.skipped ?? 0) + (r.long.skipped !== undefined ? 1 : 0),
          why: score.long?.why ?? r.long.skipped,
        }
      : score.long;
    const uncertifiable = score.uncertifiable + (r.uncertifiable !== undefined ? 1 : 0);
    entry.scores.set(r.sweepRegime, { ...score, runs: score.runs + 1, certified: score.certified + (r.certified ? 1 : 0), uncertifiable, long });
    shapes.set(key, entry);
  }
  const sorted = [...shapes.values()].sort((a, b) => a.params - b.params || shapeText(a.shape, a.features).localeCompare(shapeText(b.shape, b.features)));
  const scores = sorted.flatMap((s) => regimes.flatMap((regime) => s.scores.get(regime) ?? []));
  // A shape no certificate spoke for is not named as certified, whatever the sweep to 4096 found.
  const smallestOf = (scores: readonly ShapeScore[]): Smallest => {
    const candidates = scores.filter((s) => s.uncertifiable === 0);
    return { reliable: candidates.find(isReliable), any: candidates.find((s) => s.certified > 0) };
  };
  const smallest = new Map<SweepRegime | 'any', Smallest>(regimes.map((regime) => [regime, smallestOf(scores.filter((s) => s.regime === regime))]));
  smallest.set('any', smallestOf(scores));
  const why = records.find((r) => r.uncertifiable !== undefined)?.uncertifiable;
  return { task, regimes, shapes: sorted, smallest, runs: records.length, ...(why !== undefined && { uncertifiable: why }) };
}
