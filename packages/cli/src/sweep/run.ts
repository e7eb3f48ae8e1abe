import { DEFAULT_LENGTHS, lengthSweep } from '@sead/evaluator';
import { withInputFeatures, type Task } from '@sead/tasks';
import { isCertified, train, type TrainResult } from '@sead/trainer';
import { SWEEP_REGIMES, type RunSpec } from './grid.js';
import type { LongCheck, SweepRecord } from './records.js';

/**
 * Trains one run of the grid from its seed on its budget, and judges it by the strongest check the
 * task allows: where the task has a reference rule, the certificate that the learned rule equals
 * it on every reachable neighbourhood (for relax-ignore-rule, compared once training has ended);
 * otherwise, a run that validated is swept to L = 4096 on random and adversarial instances, and
 * passes if every answer is exact. The model reads its input through the run's feature set.
 */
export async function sweepRun(base: Task<any, any>, spec: RunSpec): Promise<SweepRecord> {
  const { regime, ignoreRule } = SWEEP_REGIMES[spec.regime];
  const task = withInputFeatures(base, spec.features);
  const result = await train({
    task,
    regime,
    ignoreRule,
    model: spec.shape,
    seed: spec.seed,
    maxSeconds: spec.budget.maxSeconds,
    maxIterations: spec.budget.maxIterations ?? undefined,
  });
  try {
    const judge = task.rule ? 'certificate' : 'sweep to 4096';
    const passed = task.rule ? isCertified(result.certification) : result.validated && sweptExact(task, result);
    return {
      task: spec.task,
      features: spec.features,
      shape: spec.shape,
      params: result.model.parameterCount,
      sweepRegime: spec.regime,
      regime,
      ignoreRule,
      seed: spec.seed,
      budget: spec.budget,
      solved: result.solved,
      validated: result.validated,
      certified: passed,
      judge,
      certification: result.certification.status,
      iterations: result.iterations,
      seconds: Math.round(result.seconds * 100) / 100,
      ...(!task.rule && passed && { long: longCheck(task, result) }),
    };
  } finally {
    result.model.dispose();
  }
}

/** The length a passing run of a task without a rule is then run at, on its compiled table. */
export const LONG_LENGTH = 1_000_000;
/** Random instances at that length, beside one of every adversarial family. */
const LONG_RANDOM = 2;
/**
 * The most cell updates one instance at that length may take. A task whose runs cost more (one
 * that rewrites most cells at most steps) counts as not answered there: the bound is stated, and
 * a sweep never runs unbounded.
 */
export const LONG_MAX_UPDATES = 3e8;

/** Every random and adversarial instance up to 4096 answered exactly. */
function sweptExact(task: Task<any, any>, result: TrainResult): boolean {
  return lengthSweep(result.model, task, { lengths: DEFAULT_LENGTHS, adversarial: true }).allCorrect;
}

/**
 * Where a task has no rule, nothing certifies a rule at every length: a run that passed the sweep
 * to 4096 is run at 10⁶ too, on random and adversarial instances, on its compiled table.
 */
function longCheck(task: Task<any, any>, result: TrainResult): LongCheck {
  const started = performance.now();
  const report = lengthSweep(result.model, task, { lengths: [LONG_LENGTH], adversarial: true, randomPerLength: LONG_RANDOM, seed: 1, engine: 'sparse', maxUpdates: LONG_MAX_UPDATES });
  const row = report.byLength.find((r) => r.length === LONG_LENGTH);
  const skipped = report.skipped.find((r) => r.length === LONG_LENGTH);
  const correct = row?.correct ?? 0;
  const total = row?.total ?? 0;
  return {
    length: LONG_LENGTH,
    correct,
    total,
    exact: total > 0 && correct === total && !skipped,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    ...(skipped && { skipped: skipped.reason }),
  };
}
