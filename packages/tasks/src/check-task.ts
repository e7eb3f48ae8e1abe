import { checkedRule } from './checked-rule.js';
import { describeValue, messageOf } from './describe.js';
import { MAX_LENGTH } from './limits.js';
import { TaskContractError, type Task, type TaskRecipe } from './task.js';

/** What a task id looks like: the registry key and the name on every message. */
export const TASK_ID = /^[a-z][a-z0-9-]*$/;
/** Longest task id. */
export const MAX_TASK_ID = 64;
/** The name of a task's own input features, `inputAlphabet`, beside those of `inputFeatures`. */
export const OWN_FEATURES = 'default';

/** The methods every task has. */
const REQUIRED_METHODS = ['encode', 'decode', 'solve', 'equal', 'random', 'adversarial', 'lengthOf', 'parse', 'format', 'formatOutput'] as const;
/** The methods a task may have. */
const OPTIONAL_METHODS = ['cellTargets', 'tokenWindowOccurs', 'encodeBytes', 'decodeBytes'] as const;

/**
 * Checks a task definition field by field and returns a plain copy of it. Every message names the
 * task and the field. The data fields (alphabets, symbols, recipe) are copied, so what was checked
 * is what runs even if the plugin's object changes later or answers differently when read again;
 * the rule is wrapped so that each of its answers is checked (`checkedRule`). Methods are kept as
 * they are: they are the task's own code, called with the copy as `this`.
 */
export function checkTask<I, O>(task: unknown): Task<I, O> {
  if (task === null || typeof task !== 'object') throw new TaskContractError(undefined, `expected a task object, got ${describeValue(task)}`);
  const source = task as Record<string, unknown>;
  const id = field(undefined, source, 'id', (value) => {
    if (typeof value !== 'string' || !TASK_ID.test(value) || value.length > MAX_TASK_ID) {
      throw new TaskContractError(undefined, `id must match ${TASK_ID} and have at most ${MAX_TASK_ID} characters, got ${describeValue(value)}`);
    }
    return value;
  });
  const fail = (problem: string) => new TaskContractError(id, problem);
  const read = <T>(name: string, check: (value: unknown) => T): T => field(id, source, name, check);

  const description = read('description', (value) => {
    if (typeof value !== 'string') throw fail(`description must be a string, got ${describeValue(value)}`);
    return value;
  });
  const dynamics = read('dynamics', (value) => {
    if (value !== 'fixed-point' && value !== 'rollout') throw fail(`dynamics must be "fixed-point" or "rollout", got ${describeValue(value)}`);
    return value;
  });
  const dimensions = read('dimensions', (value) => {
    if (value !== undefined && value !== 1 && value !== 2) throw fail(`dimensions must be 1 (rows) or 2 (grids) when present, got ${describeValue(value)}`);
    return (value ?? 1) as 1 | 2;
  });
  const inputAlphabet = read('inputAlphabet', (value) => checkAlphabet(value, fail));
  const inputFeatures = read('inputFeatures', (value) => (value === undefined ? undefined : checkFeatureSets(value, inputAlphabet.length, fail)));
  const stateSymbols = read('stateSymbols', (value) => checkSymbols(value, fail));
  const readout = read('readout', (value) => {
    if (value === 'all') return value;
    if (value === 'cell') throw fail('readout "cell" must now say which cell: { cell: i } (0 the first cell, -1 the last)');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(`readout must be "all" or { cell: i }, got ${describeValue(value)}`);
    const cell = (value as { cell?: unknown }).cell;
    if (typeof cell !== 'number' || !Number.isSafeInteger(cell)) throw fail(`readout.cell must be an integer (0 the first cell, -1 the last), got ${describeValue(cell)}`);
    return Object.freeze({ cell });
  });
  const methods: Record<string, unknown> = {};
  for (const name of REQUIRED_METHODS) {
    methods[name] = read(name, (value) => {
      if (typeof value !== 'function') throw fail(`${name} must be a function, got ${describeValue(value)}`);
      return value;
    });
  }
  for (const name of OPTIONAL_METHODS) {
    const method = read(name, (value) => {
      if (value !== undefined && typeof value !== 'function') throw fail(`${name} must be a function when present, got ${describeValue(value)}`);
      return value;
    });
    if (method !== undefined) methods[name] = method;
  }
  if ((methods.encodeBytes === undefined) !== (methods.decodeBytes === undefined)) throw fail('define encodeBytes and decodeBytes together, or neither');
  const rule = read('rule', (value) => (value === undefined ? undefined : checkedRule(id, value, stateSymbols.length)));
  const recipe = read('recipe', (value) => (value === undefined ? undefined : checkRecipe(value, fail)));
  if (recipe) checkRegime(recipe, { dynamics, states: stateSymbols.length, rule: rule !== undefined, cellTargets: methods.cellTargets !== undefined }, fail);

  // Fields of the plugin's own (helpers its methods reach through `this`) come along unchecked.
  let extras: Record<string, unknown>;
  try {
    extras = { ...source };
  } catch (error) {
    throw fail(`its fields could not be read: ${messageOf(error)}`);
  }
  return { ...extras, id, description, dynamics, dimensions, inputAlphabet, inputFeatures, stateSymbols, readout, ...methods, rule, recipe } as unknown as Task<I, O>;
}

/** One field, read once and checked; a getter or proxy that throws is named as the field's fault. */
function field<T>(taskId: string | undefined, source: Record<string, unknown>, name: string, check: (value: unknown) => T): T {
  try {
    return check(source[name]);
  } catch (error) {
    if (error instanceof TaskContractError) throw error;
    throw new TaskContractError(taskId, `reading ${name} threw: ${messageOf(error)}`);
  }
}

type Fail = (problem: string) => TaskContractError;

function checkAlphabet(value: unknown, fail: Fail, name = 'inputAlphabet'): readonly (readonly number[])[] {
  if (!Array.isArray(value)) throw fail(`${name} must be an array of feature rows, got ${describeValue(value)}`);
  if (value.length < 1 || value.length > 256) throw fail(`${name} needs 1 to 256 tokens, has ${value.length}`);
  const rows = Array.from(value, (row: unknown, k) => {
    if (!Array.isArray(row) && !(ArrayBuffer.isView(row) && !(row instanceof DataView))) {
      throw fail(`${name}: token ${k} must be an array of numbers, got ${describeValue(row)}`);
    }
    return Object.freeze(Array.from(row as ArrayLike<unknown>)) as readonly unknown[];
  });
  const width = rows[0].length;
  if (width < 1) throw fail(`${name}: input features must have at least one entry`);
  rows.forEach((row, k) => {
    if (row.length !== width) throw fail(`${name}: token ${k} has ${row.length} features, token 0 has ${width}`);
    const bad = row.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
    if (bad >= 0) throw fail(`${name}: token ${k} has a non-finite feature (${describeValue(row[bad])})`);
  });
  return Object.freeze(rows) as readonly (readonly number[])[];
}

/** The most feature sets a task may offer besides its own. */
export const MAX_FEATURE_SETS = 32;

/** Named alternative feature tables: each a valid alphabet with one row per token of `inputAlphabet`. */
function checkFeatureSets(value: unknown, tokens: number, fail: Fail): Readonly<Record<string, readonly (readonly number[])[]>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(`inputFeatures must be an object of named feature tables, got ${describeValue(value)}`);
  const names = Object.keys(value);
  if (names.length > MAX_FEATURE_SETS) throw fail(`inputFeatures may name at most ${MAX_FEATURE_SETS} feature sets, has ${names.length}`);
  const sets: Record<string, readonly (readonly number[])[]> = {};
  for (const name of names) {
    if (!TASK_ID.test(name) || name.length > MAX_TASK_ID || name === OWN_FEATURES) {
      throw fail(`inputFeatures: a feature set's name must match ${TASK_ID}, have at most ${MAX_TASK_ID} characters and not be "${OWN_FEATURES}" (the name of inputAlphabet), got ${describeValue(name)}`);
    }
    const table = checkAlphabet((value as Record<string, unknown>)[name], fail, `inputFeatures.${name}`);
    if (table.length !== tokens) throw fail(`inputFeatures.${name} describes ${table.length} tokens, inputAlphabet has ${tokens}`);
    sets[name] = table;
  }
  return Object.freeze(sets);
}

function checkSymbols(value: unknown, fail: Fail): readonly string[] {
  if (!Array.isArray(value)) throw fail(`stateSymbols must be an array of names, got ${describeValue(value)}`);
  if (value.length < 2 || value.length > 256) throw fail(`stateSymbols needs 2 to 256 symbols, has ${value.length}`);
  const symbols = Array.from(value, (name: unknown, k) => {
    if (typeof name !== 'string' || name === '') throw fail(`stateSymbols[${k}] must be a non-empty string, got ${describeValue(name)}`);
    return name;
  });
  const seen = new Set<string>();
  symbols.forEach((name, k) => {
    if (seen.has(name)) throw fail(`stateSymbols[${k}] repeats ${describeValue(name)}; state symbols must be distinct`);
    seen.add(name);
  });
  return Object.freeze(symbols);
}

function checkRecipe(value: unknown, fail: Fail): TaskRecipe {
  if (value === null || typeof value !== 'object') throw fail(`recipe must be an object, got ${describeValue(value)}`);
  const recipe = value as Record<string, unknown>;
  const regime = recipe.regime;
  if (regime !== 'relax' && regime !== 'relax-continuous' && regime !== 'chaos') {
    throw fail(`recipe.regime must be "relax", "relax-continuous" or "chaos", got ${describeValue(regime)}`);
  }
  const shape = recipe.model;
  if (shape === null || typeof shape !== 'object') throw fail(`recipe.model must be an object { channels, embedding, hidden, radius }, got ${describeValue(shape)}`);
  const model = Object.fromEntries(
    (['channels', 'embedding', 'hidden', 'radius'] as const).map((name) => [name, positiveInteger((shape as Record<string, unknown>)[name], `recipe.model.${name}`, fail)]),
  ) as TaskRecipe['model'];
  const trainLengths = lengthList(recipe.trainLengths, 'recipe.trainLengths', fail);
  if (trainLengths.length !== 2 || trainLengths[0] > trainLengths[1]) {
    throw fail(`recipe.trainLengths must be [min, max] with min ≤ max, got ${listText(recipe.trainLengths)}`);
  }
  const validationLengths = lengthList(recipe.validationLengths, 'recipe.validationLengths', fail);
  if (validationLengths.length === 0) throw fail('recipe.validationLengths needs at least one length');
  const sweepLengths = recipe.sweepLengths === undefined ? undefined : lengthList(recipe.sweepLengths, 'recipe.sweepLengths', fail);
  const learningRate = recipe.learningRate;
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw fail(`recipe.learningRate must be a positive number, got ${describeValue(learningRate)}`);
  }
  return Object.freeze({
    regime,
    model: Object.freeze(model),
    trainLengths: Object.freeze([trainLengths[0], trainLengths[1]] as const),
    validationLengths: Object.freeze(validationLengths),
    ...(sweepLengths && { sweepLengths: Object.freeze(sweepLengths) }),
    learningRate,
    batchSize: positiveInteger(recipe.batchSize, 'recipe.batchSize', fail),
    maxIterations: positiveInteger(recipe.maxIterations, 'recipe.maxIterations', fail),
  });
}

/**
 * A recipe the task can follow: chaos needs a rule, relax and relax-continuous need targets, the
 * discrete models of chaos and relax one channel per symbol, and a rollout a discrete model.
 */
function checkRegime(recipe: TaskRecipe, task: { dynamics: string; states: number; rule: boolean; cellTargets: boolean }, fail: Fail): void {
  const { regime } = recipe;
  if (regime === 'chaos' && !task.rule) throw fail('recipe.regime is "chaos", but the task has no rule to train on');
  if (regime !== 'chaos' && !task.cellTargets) throw fail(`recipe.regime is "${regime}", but the task has no cellTargets to train on`);
  if (regime === 'relax-continuous' && task.dynamics === 'rollout') throw fail('recipe.regime is "relax-continuous", but a rollout task trains a discrete model ("relax" or "chaos")');
  if (regime !== 'relax-continuous' && recipe.model.channels !== task.states) {
    throw fail(`recipe.model.channels is ${recipe.model.channels}, but a ${regime}-trained (discrete) model has one channel per state symbol (${task.states})`);
  }
}

function positiveInteger(value: unknown, name: string, fail: Fail): number {
  if (!(Number.isSafeInteger(value) && (value as number) >= 1)) throw fail(`${name} must be a positive integer, got ${describeValue(value)}`);
  return value as number;
}

/** A list of lattice lengths, each an integer from 1 to MAX_LENGTH. */
function lengthList(value: unknown, name: string, fail: Fail): number[] {
  if (!Array.isArray(value)) throw fail(`${name} must be an array of lengths, got ${describeValue(value)}`);
  return Array.from(value, (length: unknown) => {
    if (!(Number.isInteger(length) && (length as number) >= 1 && (length as number) <= MAX_LENGTH)) {
      throw fail(`${name} must hold integers from 1 to ${MAX_LENGTH}, got ${listText(value)}`);
    }
    return length as number;
  });
}

/** A short list as JSON, e.g. `[4, 16]`; anything else described. */
function listText(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' && text.length <= 60 ? text.replace(/,/g, ', ') : describeValue(value);
  } catch {
    return describeValue(value);
  }
}
