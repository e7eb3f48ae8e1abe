/**
 * Sequence baselines for SEAD's tasks.
 *
 * @packageDocumentation
 */
export { BASELINES, baselineName, parameterCount, validateBaselineConfig, POSITIONS, type Architecture, type BaselineConfig, type BaselineName, type Positions, type RecurrentConfig, type TransformerConfig } from './config.js';
export { BaselineModel, type BaselineShape } from './model.js';
export type { WeightArrays, Weights } from './weights.js';
export { trainBaseline, type BaselineTrainOptions, type BaselineTrainResult } from './train.js';
export { cellInputs, inputWidth } from './inputs.js';
export { BASELINE_GRADIENTS, registerBaselineGradients } from './gradients.js';
export {
  BASELINE_CHECKPOINT_FORMAT,
  BASELINE_CHECKPOINT_VERSION,
  baselineDigest,
  baselineFromCheckpoint,
  parseBaselineCheckpoint,
  toBaselineCheckpoint,
  validateBaselineCheckpoint,
  type BaselineCheckpoint,
  type BaselineTrainingRecord,
} from './checkpoint.js';
