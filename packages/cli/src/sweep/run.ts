import { BoundError, checkCompileWork, DEFAULT_MAX_COMPILE_WORK, type SeadModel } from '@sead/core';
import { DEFAULT_LENGTHS, lengthSweep } from '@sead/evaluator';
import { withInputFeatures, type Task } from '@sead/tasks';
import { certificationProblem, isCertified, train, type TrainResult } from '@sead/trainer';
import { SWEEP_REGIMES, type RunSpec } from './grid.js';
import type { LongCheck, SweepRecord } from './records.js';

/**
 * Trains one run of the grid from its seed on its budget, and judges it by the strongest check
 * there is for it: where the task has a reference rule and the model's table can be compiled, the
 * certificate that the learned rule equals it on every reachable neighbourhood (for
 * relax-ignore-rule, compared once training has ended); otherwise, a run that validated is swept
 * to L = 4096 on random and adversarial instances, and passes if every answer is exact (then it
 * is run at 10⁶ too). The model reads its input through the run's feature set.
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
    // A table too large to compile (addition at r = 2: 100 tokens, 3·10¹¹ windows) has no certificate.
    const uncertifiable = task.rule ? certificationProblem(result.model, task) : undefined;
    const judge = task.rule && uncertifiable === undefined ? 'certificate' : 'sweep to 4096';
    const onTable = tableCompiles(result.model, task);
    const passed = judge === 'certificate' ? isCertified(result.certification) : result.validated && sweptExact(task, result, onTable);
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
      ...(uncertifiable !== undefined && { uncertifiable }),
      ...(judge === 'sweep to 4096' && passed && { long: longCheck(task, result, onTable) }),
    };
  } finally {
    result.model.dispose();
  }
}

/** The length a run judged by the sweep to 4096 is then run at, if it passed, on its compiled table. */
export const LONG_LENGTH = 1_000_000;
/** Random instances at that length, beside one of every adversarial family. */
const LONG_RANDOM = 2;
/**
 * The most cell updates one instance at that length may take. A task whose runs cost more (one
 * that rewrites most cells at most steps) counts as not answered there: the bound is stated, and
 * a sweep never runs unbounded.
 */
export const LONG_MAX_UPDATES = 3e8;

/**
 * Every random and adversarial instance up to 4096 answered exactly: on the compiled table, or,
 * for a model whose table is over the bound on compiling, on the network itself (the dense engine).
 */
function sweptExact(task: Task<any, any>, result: TrainResult, onTable: boolean): boolean {
  return lengthSweep(result.model, task, { lengths: DEFAULT_LENGTHS, adversarial: true, engine: onTable ? 'sparse' : 'dense' }).allCorrect;
}

/** Whether the sparse engine can step the model on a table (a grid's always: it is filled as runs meet it, see `checkCompileWork`). */
function tableCompiles(model: SeadModel, task: Task<any, any>): boolean {
  try {
    checkCompileWork(model.config, task, DEFAULT_MAX_COMPILE_WORK);
    return true;
  } catch (error) {
    if (error instanceof BoundError) return false;
    throw error;
  }
}

/**
 * Where no certificate speaks for every length, a run that passed the sweep to 4096 is run at 10⁶
 * too, on random and adversarial instances, on its compiled table (filled as the runs meet it).
 */
function longCheck(task: Task<any, any>, result: TrainResult, onTable: boolean): LongCheck {
  // The network alone would step every cell at every step: 10¹² updates for a carry across 10⁶ digits.
  if (!onTable) {
    return { length: LONG_LENGTH, correct: 0, total: 0, exact: false, seconds: 0, skipped: 'its table is over the bound on compiling, and the network alone is not run at this length' };
  }
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
