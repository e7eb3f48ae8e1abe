import { DEFAULT_LENGTHS, lengthSweep } from '@sead/evaluator';
import { withInputFeatures, type Task } from '@sead/tasks';
import { isCertified, train, type TrainResult } from '@sead/trainer';
import { SWEEP_REGIMES, type RunSpec } from './grid.js';
import type { SweepRecord } from './records.js';

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
      certified: task.rule ? isCertified(result.certification) : result.validated && sweptExact(task, result),
      judge,
      certification: result.certification.status,
      iterations: result.iterations,
      seconds: Math.round(result.seconds * 100) / 100,
    };
  } finally {
    result.model.dispose();
  }
}

/** Every random and adversarial instance up to 4096 answered exactly. */
function sweptExact(task: Task<any, any>, result: TrainResult): boolean {
  return lengthSweep(result.model, task, { lengths: DEFAULT_LENGTHS, adversarial: true }).allCorrect;
}
