export { train, regimeDefaults, resumeProblem, type TrainEvent, type TrainOptions, type TrainResult } from './train.js';
export { REGIMES, regimeNames, regimeProblem, readoutCell, type Lesson, type Regime, type RegimeSettings, type Supervision, type TrainingRegime } from './regimes/index.js';
export { sampleRelaxBatch, sampleChaosBatch, type Batch } from './batches.js';
export { validate, validationInstances, allCorrect, type LengthScore } from './validate.js';
export { coverageSearch, type CoverageOptions, type CoverageScore } from './coverage.js';
export { certification, certificationProblem, type Certification } from './certify.js';
export { recordedRegime } from './recorded-regime.js';
