import type { Task } from '@sead/tasks';
import type { SeadConfig, StateMode } from './config.js';
import { parameterCount, validateConfig } from './config.js';
import type { TaskShape } from '../lattice.js';
import type { Model } from './model-interface.js';
import { predictMany, type Prediction, type PredictOptions } from '../predict.js';
import { readoutChannels } from '../readout.js';
import { disposeWeights, initialWeights, toArrays, toVariables, type SeadWeights, type WeightArrays } from './weights.js';

/** The size knobs a user picks; the rest of the config follows from the task. */
export interface ModelShape {
  channels: number;
  embedding: number;
  hidden: number;
  radius: number;
}

/** A SEAD model bound to the task it was built for. */
export class SeadModel implements Model {
  readonly architecture = 'sead';
  readonly config: SeadConfig;
  readonly taskId: string;
  readonly weights: SeadWeights;

  constructor(config: SeadConfig, taskId: string, arrays: WeightArrays) {
    this.config = validateConfig(config);
    this.taskId = taskId;
    this.weights = toVariables(this.config, arrays);
  }

  /** A freshly initialised model for a task; the seed fixes every weight. */
  static create(task: TaskShape, shape: ModelShape, mode: StateMode, seed: number): SeadModel {
    const config = configFor(task, shape, mode);
    return new SeadModel(config, task.id, initialWeights(config, seed));
  }

  get parameterCount(): number {
    return parameterCount(this.config);
  }

  /** Answers instances: `predictMany(this, task, instances, options)`. */
  predictMany<I, O>(task: Task<I, O>, instances: readonly I[], options?: PredictOptions): Prediction<O>[] {
    return predictMany(this, task, instances, options);
  }

  /** The weights as plain arrays. */
  weightArrays(): WeightArrays {
    return toArrays(this.weights);
  }

  dispose(): void {
    disposeWeights(this.weights);
  }
}

/** The full config of a model of this shape for this task. */
export function configFor(task: TaskShape, shape: ModelShape, mode: StateMode): SeadConfig {
  if (mode === 'discrete' && shape.channels !== task.stateSymbols.length) {
    throw new RangeError(
      `a discrete model of task "${task.id}" needs one channel per state symbol (${task.stateSymbols.length}), got ${shape.channels}`,
    );
  }
  const readout = readoutChannels(task.stateSymbols.length);
  if (mode === 'continuous' && shape.channels < readout) {
    throw new RangeError(`a continuous model of task "${task.id}" reads its ${task.stateSymbols.length} symbols from ${readout} channels; it needs at least ${readout}, got ${shape.channels}`);
  }
  if (task.dynamics === 'rollout' && mode !== 'discrete') {
    throw new RangeError(`task "${task.id}" is a rollout from a discrete initial state; use a discrete model`);
  }
  return validateConfig({ ...shape, features: task.inputAlphabet[0].length, mode, epsilon: undefined, dimensions: task.dimensions });
}
