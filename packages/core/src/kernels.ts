/**
 * For backend and engine authors: the update rule as tfjs ops, the kernels a backend may register
 * faster forms of (by name, as tfjs kernels are), SEAD's own JavaScript kernels for backends that
 * keep tensors in CPU memory, the gradient configs, and the {@link Stepper} an engine implements
 * for {@link "@sead/core"!Run | Run} to drive.
 *
 * @module @sead/core/kernels
 */
import './kernels/register.js';

export { embed, step, stepLogits } from './step.js';
export { SeadStep, SeadRelaxStep, prepareStep, preparedLogits, preparedRelaxStep, disposePrepared, type PreparedStep } from './kernels/sead-step.js';
export { registerJsStepKernel } from './kernels/sead-step-js.js';
export { SeadUnroll, SeadUnrollGrad, SeadProjectedUnroll, SeadProjectedUnrollGrad } from './kernels/sead-unroll.js';
export { registerJsUnrollKernels } from './kernels/sead-unroll-js.js';
export { compositeUnroll, compositeProjectedUnroll, hasFusedUnroll, hasFusedProjectedUnroll } from './unroll.js';
export { registerSeadGradients, unbroadcast } from './gradients.js';
export type { Lane, StartStepper, Stepper, StepStatus } from './run/stepper.js';
export { CycleFinder } from './run/cycles.js';
export type { RunSettings } from './run/run.js';
export { TableStepper, type StepTable, type RowStepTable } from './engines/sparse.js';
export type { GridTable } from './compile/grid-table.js';
export { runTable, LAZY_ABOVE } from './compile/compiled-rule.js';
export { lazyTable, UNKNOWN, type LazyTable } from './compile/lazy.js';
export type { FoldedRule } from './compile/fold.js';
