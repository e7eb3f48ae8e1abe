import './gradients.js';
import { registerJsStepKernel } from './kernels/sead-step-js.js';
import { registerJsUnrollKernels } from './kernels/sead-unroll-js.js';

// tfjs-backend-cpu keeps tensors in CPU memory: the fused JavaScript kernels serve it.
registerJsStepKernel('cpu');
registerJsUnrollKernels('cpu');

export { type SeadConfig, type StateMode, type WeightName, DEFAULT_EPSILON, MAX_PARAMETERS, WEIGHT_NAMES, parameterCount, validateConfig, weightShapes } from './config.js';
export { type SeadWeights, type WeightArrays, initialWeights, toArrays, toVariables } from './weights.js';
export { embed, step, stepLogits } from './step.js';
export { SeadStep, SeadRelaxStep, prepareStep, preparedLogits, preparedRelaxStep, disposePrepared, type PreparedStep } from './kernels/sead-step.js';
export { registerJsStepKernel } from './kernels/sead-step-js.js';
export { SeadUnroll, SeadUnrollGrad } from './kernels/sead-unroll.js';
export { registerJsUnrollKernels } from './kernels/sead-unroll-js.js';
export { compositeUnroll, hasFusedUnroll, unrollLogits } from './unroll.js';
export { registerSeadGradients } from './gradients.js';
export { bceWithLogits, softmaxCrossEntropy } from './losses.js';
export { featureTensor, initialSymbols, oneHotStates, type TaskShape } from './lattice.js';
export { readSymbols, readoutChannels, symbolTargets } from './readout.js';
export { SeadModel, configFor, type ModelShape } from './model.js';
export { relax, relaxBatch, defaultMaxSteps, type Outcome, type RunOptions, type RunResult } from './relax.js';
export { predict, predictMany, runLattice, type Prediction, type PredictOptions } from './predict.js';
export { ENGINES, compiledRule, relaxWith, resolveEngine, type Engine, type EngineOptions } from './engines/engine.js';
export { compileRule, compileWork, tableSize, MARGIN, MAX_TABLE_ENTRIES, type CompiledRule, type Certificate, type ReferenceCheck } from './engines/compile.js';
export { BoundError, DEFAULT_MAX_COMPILE_WORK, DEFAULT_MAX_UPDATES, countText } from './bounds.js';
export { relaxSparse, type SparseOptions } from './engines/sparse.js';
export { weightsHash } from './engines/weights-hash.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  MAX_CHECKPOINT_BYTES,
  MAX_CHECKPOINT_DEPTH,
  CheckpointError,
  checkpointIntegrity,
  modelFromCheckpoint,
  parseCheckpoint,
  toCheckpoint,
  validateCheckpoint,
  type Checkpoint,
  type CheckpointIntegrity,
  type CheckpointOptions,
  type TrainingRecord,
} from './checkpoint.js';
export { availableBackends, registerBackendLoader, useBackend } from './backend.js';
