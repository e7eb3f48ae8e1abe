/**
 * What a trainer needs of SEAD beyond a user: the unrolled update rule as one differentiable op
 * (continuous, or discrete: projected onto symbols every step), the losses, the batch tensors, the
 * weights by name, fresh initial weights and a compiled table folded onto its distinctions.
 *
 * @module @sead/core/training
 */
import './kernels/register.js';

export { unrollLogits, projectedUnrollLogits } from './unroll.js';
export { allowedCrossEntropy, bceWithLogits, softmaxCrossEntropy } from './losses.js';
export { featureTensor, initialSymbols, oneHotStates } from './lattice.js';
export { readoutChannels, symbolTargets } from './readout.js';
export { WEIGHT_NAMES, weightShapes, type WeightName } from './model/config.js';
export { configFor } from './model/model.js';
export { initialWeights, type SeadWeights, type WeightArrays } from './model/weights.js';
export { MAX_TABLE_ENTRIES, tableSize } from './compile/compile.js';
export { foldedRule, type FoldedRule } from './compile/fold.js';
export { weightsHash } from './model/weights-hash.js';
