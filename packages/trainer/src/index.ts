export { train, resumeProblem, type TrainEvent, type TrainOptions, type TrainResult } from './train.js';
export { REGIMES, regimeProblem, type Lesson, type Regime, type RegimeSettings, type TrainingRegime } from './regimes/index.js';
export { sampleRelaxBatch, sampleChaosBatch, type Batch } from './batches.js';
export { validate, allCorrect, type LengthScore } from './validate.js';
