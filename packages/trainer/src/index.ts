export { train, regimeProblem, type Regime, type TrainEvent, type TrainOptions, type TrainResult } from './train.js';
export { sampleRelaxBatch, sampleChaosBatch, type Batch } from './batches.js';
export { validate, allCorrect, type LengthScore } from './validate.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint-file.js';
export { writeFileAtomic } from './atomic-file.js';
