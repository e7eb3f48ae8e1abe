/**
 * Trains SEAD models in the paper's two regimes, `relax` (backpropagation through T steps) and
 * `chaos` (one step of the task's reference rule from random states): {@link train} is seeded and
 * deterministic, and runs until the validation lengths are answered exactly and, where the task has
 * a rule, the compiled rule is certified.
 *
 * @packageDocumentation
 */
export { train, regimeProblem, resumeProblem, type Regime, type TrainEvent, type TrainOptions, type TrainResult } from './train.js';
export { sampleRelaxBatch, sampleChaosBatch, type Batch } from './batches.js';
export { validate, allCorrect, type LengthScore } from './validate.js';
