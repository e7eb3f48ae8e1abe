/**
 * The task plugin API of SEAD and its built-in tasks (parity, addition, Rule 110, and binary
 * multiplication on a grid). No tensor library: a task
 * is plain data and functions over typed arrays, checked by {@link defineTask} and kept in a
 * {@link TaskRegistry}.
 *
 * @packageDocumentation
 */
export type { ByteInput, Dynamics, Lattice, LocalRule, NamedInstance, Random, Readout, Task, TaskRecipe } from './task.js';
export { OUTSIDE, TaskContractError, TaskInputError } from './task.js';
export { defineTask, featureSetNames, TaskRegistry, withInputFeatures } from './registry.js';
export { OWN_FEATURES } from './check-task.js';
export { checkLattice, latticeProblem, type LatticeShape } from './check-lattice.js';
export { describeValue, messageOf } from './describe.js';
export { mixSeed, seededRandom, randomInt } from './random.js';
export { applyRule } from './apply-rule.js';
export { windowOffsets, windowSize, latticeGrid, neighbourCells, type Dimensions, type Offset } from './window.js';
export { MAX_LENGTH, MAX_ROLLOUT_STEPS } from './limits.js';
export { objectInput, stringField, digitBytesField, asciiBytes, asciiText, countField, checkLength } from './fields.js';
export { parity, type ParityInstance } from './builtins/parity.js';
export { addition, addDecimal, type AdditionInstance } from './builtins/addition.js';
export { rule110, rule110Cell, rule110Step, rule110Steps, ROLLOUT_CELL_UPDATES, type Rule110Instance } from './builtins/rule110.js';
export { multiplication, multiplyBinary, type MultiplicationInstance } from './builtins/multiplication.js';
import { addition } from './builtins/addition.js';
import { parity } from './builtins/parity.js';
import { TaskRegistry } from './registry.js';
import { rule110 } from './builtins/rule110.js';
import { multiplication } from './builtins/multiplication.js';

/** The built-in tasks: the paper's three in the order it presents them, then long multiplication on a grid. */
export const builtinTasks = [parity, addition, rule110, multiplication] as const;

/** A registry holding the built-in tasks; register your own on it. */
export function createRegistry(): TaskRegistry {
  const registry = new TaskRegistry();
  for (const task of builtinTasks) registry.register(task);
  return registry;
}
