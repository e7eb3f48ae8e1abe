/**
 * Trains SEAD models: {@link train} runs one training loop, seeded and deterministic, until the
 * validation lengths are answered exactly and, where the task has a rule, the compiled rule is
 * certified; what each iteration trains on and its loss come from a regime ({@link REGIMES}:
 * `relax`, relax-and-project: a discrete model learned from examples alone through its projected
 * steps; `relax-continuous`, backpropagation through T continuous steps; and `chaos`, one step of
 * the task's reference rule from random states), a module of its own.
 *
 * @packageDocumentation
 */
export { train, regimeDefaults, resumeProblem, type TrainEvent, type TrainOptions, type TrainResult } from './train.js';
export { REGIMES, regimeNames, regimeProblem, readoutCell, type Lesson, type Regime, type RegimeSettings, type Supervision, type TrainingRegime } from './regimes/index.js';
export { sampleRelaxBatch, sampleChaosBatch, type Batch } from './batches.js';
export { validate, validationInstances, allCorrect, type LengthScore } from './validate.js';
export { coverageSearch, type CoverageOptions, type CoverageScore } from './coverage.js';
export { certification, certificationProblem, isCertified, type Certification } from './certify.js';
export { recordedRegime } from './recorded-regime.js';
export type { Progress } from './progress-record.js';
export { Adam, type AdamState } from './adam.js';
