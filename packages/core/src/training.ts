/**
 * What a trainer needs of SEAD beyond a user: the unrolled update rule as one differentiable op,
 * the losses, the batch tensors, the weights by name and fresh initial weights.
 *
 * @module @sead/core/training
 */
import './kernels/register.js';

export { unrollLogits } from './unroll.js';
export { bceWithLogits, softmaxCrossEntropy } from './losses.js';
export { featureTensor, oneHotStates } from './lattice.js';
export { readoutChannels, symbolTargets } from './readout.js';
export { WEIGHT_NAMES, weightShapes, type WeightName } from './model/config.js';
export { configFor } from './model/model.js';
export { initialWeights, type SeadWeights, type WeightArrays } from './model/weights.js';
export { MAX_TABLE_ENTRIES, tableSize } from './compile/compile.js';
export { weightsHash } from './model/weights-hash.js';
