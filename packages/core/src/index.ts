/**
 * SEAD for users: a model, its runs (predict, or a run stepped by hand), its checkpoints, its
 * compiled table and certificate, and the bounds every run is held to. A backend is chosen with
 * {@link useBackend} (register a loader for it first with {@link registerBackendLoader}, or call
 * {@link @sead/node!useNodeBackend | useNodeBackend} in Node). Trainers use
 * {@link "@sead/core/training"! | @sead/core/training}, backend and engine authors
 * {@link "@sead/core/kernels"! | @sead/core/kernels}.
 *
 * @module @sead/core
 */
import './kernels/register.js';

export { SeadModel, type ModelShape } from './model/model.js';
export type { Answer, AnswerOptions, Model } from './model/model-interface.js';
export { parameterCount, type SeadConfig, type StateMode } from './model/config.js';
export { predict, predictMany, runLattice, type Prediction, type PredictOptions } from './predict.js';
export { startRun, ENGINES, resolveEngine, type Engine, type EngineOptions, type StartOptions } from './engines/engines.js';
export { Run } from './run/run.js';
export { defaultMaxSteps, type Outcome, type RunOptions, type RunResult } from './run/result.js';
export { compiledRule } from './compile/compiled-rule.js';
export { checkCompileWork, compileWork, type CompiledRule } from './compile/compile.js';
export type { Certificate, Difference, ReferenceCheck } from './compile/certificate.js';
export { checkGridWindows, gridCheckLattices, type GridCheck } from './compile/grid-check.js';
export { gridReachableWindows, gridStartWindows, type GridReach, type GridReachBounds } from './compile/grid-reach.js';
export { BoundError, countText, DEFAULT_MAX_COMPILE_WORK, DEFAULT_MAX_UPDATES } from './bounds.js';
export {
  MAX_CHECKPOINT_BYTES,
  CheckpointError,
  shortJson,
  checkpointIntegrity,
  modelFromCheckpoint,
  parseCheckpoint,
  readCheckpointJson,
  toCheckpoint,
  validateCheckpoint,
  type Checkpoint,
  type CheckpointIntegrity,
  type CheckpointOptions,
  type TrainingRecord,
} from './checkpoint/checkpoint.js';
export { registerBackendLoader, useBackend } from './backend.js';
export { Fnv1a64 } from './hash.js';
export { WEIGHTS_HASH_PATTERN } from './model/weights-hash.js';
export type { TaskShape } from './lattice.js';
