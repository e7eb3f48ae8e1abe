export { train, regimeProblem, resumeProblem, type Regime, type TrainEvent, type TrainOptions, type TrainResult } from './train.js';
export { sampleRelaxBatch, sampleChaosBatch, type Batch } from './batches.js';
export { validate, allCorrect, type LengthScore } from './validate.js';
