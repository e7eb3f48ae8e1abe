/**
 * Trains SEAD models: {@link train} runs one training loop, seeded and deterministic, until the
 * validation lengths are answered exactly and, where the task has a rule, the compiled rule is
 * certified; what each iteration trains on and its loss come from a regime ({@link REGIMES}:
 * `relax`, backpropagation through T steps, and `chaos`, one step of the task's reference rule from
 * random states), a module of its own.
 *
 * @packageDocumentation
 */
export { train, resumeProblem, type TrainEvent, type TrainOptions, type TrainResult } from './train.js';
export { REGIMES, regimeProblem, type Lesson, type Regime, type RegimeSettings, type TrainingRegime } from './regimes/index.js';
export { sampleRelaxBatch, sampleChaosBatch, type Batch } from './batches.js';
export { validate, allCorrect, type LengthScore } from './validate.js';
export type { Progress } from './progress-record.js';
export { Adam, type AdamState } from './adam.js';
