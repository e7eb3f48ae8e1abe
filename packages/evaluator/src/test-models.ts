/**
 * Test support (excluded from the build): models whose weights are set by hand so that they run a
 * known rule exactly, without any training. Every model here is discrete with C = E = 2, the state
 * projected unchanged (W_s = I), so W1's input channel E + s reads "this cell is in state s".
 *
 * The output layer always follows one pattern: hidden unit 0 of the second layer carries the
 * evidence for state 1 and is wired to logit 1; hidden unit 1 of the second layer is a constant
 * (its bias) wired to logit 0, the threshold. argmax picks state 1 exactly when the evidence beats it.
 */
import { SeadModel, type ModelShape } from '@sead/core';
import { configFor, WEIGHT_NAMES, weightShapes, type WeightArrays, type WeightName } from '@sead/core/training';
import type { Task } from '@sead/tasks';

const E = 2;
/** W1's input channel for "state s" of a window cell. */
const STATE = (s: number) => E + s;
const LEFT = 0;
const SELF = 1;
const RIGHT = 2;

type Setter = (name: WeightName, index: readonly number[], value: number) => void;

/** A discrete model for `task` with every weight zero except those `wire` sets. */
export function handModel(task: Task<any, any>, shape: Partial<ModelShape>, wire: (set: Setter) => void): SeadModel {
  const config = configFor(task, { channels: 2, embedding: E, hidden: 2, radius: 1, ...shape }, 'discrete');
  const shapes = weightShapes(config);
  const arrays = Object.fromEntries(WEIGHT_NAMES.map((n) => [n, new Array(shapes[n].reduce((a, b) => a * b, 1)).fill(0)])) as WeightArrays;
  const set: Setter = (name, index, value) => {
    const dims = shapes[name];
    if (index.length !== dims.length || index.some((i, k) => i < 0 || i >= dims[k])) throw new RangeError(`bad index [${index}] for ${name} [${dims}]`);
    arrays[name][index.reduce((flat, i, k) => flat * dims[k] + i, 0)] = value;
  };
  set('Ws', [0, 0], 1);
  set('Ws', [1, 1], 1);
  // Evidence unit → logit 1, constant threshold unit → logit 0.
  set('Wh', [0, 1], 1);
  set('Wh', [1, 0], 1);
  wire(set);
  return new SeadModel(config, task.id, arrays);
}

/** Next state = current state, so every lattice is a fixed point at step 0. */
export function identityModel(task: Task<any, any>): SeadModel {
  return handModel(task, {}, (set) => {
    set('W1', [SELF, STATE(1), 0], 1);
    set('W2', [0, 0], 1);
    set('b2', [1], 0.5);
  });
}

/** Next state = left OR self: ones spread rightwards one cell per step. */
export function spreadModel(task: Task<any, any>): SeadModel {
  return handModel(task, {}, (set) => {
    set('W1', [LEFT, STATE(1), 0], 1);
    set('W1', [SELF, STATE(1), 0], 1);
    set('W2', [0, 0], 1);
    set('b2', [1], 0.5);
  });
}

/**
 * Prefix parity over the symbols {?, 0, 1} (C = E = 3, W_s = I): "?" while the left neighbour is
 * "?", else the left neighbour's parity XOR my bit (nothing on the left counts as parity 0). With
 * p = relu(l + b) − 2·relu(l + b − 1) for l = "left is 1" and b = my bit, logit "1" is 4p − 2,
 * logit "0" is 0, and "left is ?" outweighs both in favour of "?".
 */
export function parityModel(task: Task<any, any>): SeadModel {
  const config = configFor(task, { channels: 3, embedding: 3, hidden: 3, radius: 1 }, 'discrete');
  const shapes = weightShapes(config);
  const arrays = Object.fromEntries(WEIGHT_NAMES.map((n) => [n, new Array(shapes[n].reduce((a, b) => a * b, 1)).fill(0)])) as WeightArrays;
  const set: Setter = (name, index, value) => {
    arrays[name][index.reduce((flat, i, k) => flat * shapes[name][k] + i, 0)] = value;
  };
  const state = (s: number) => 3 + s;
  set('We', [0, 0], 1);
  set('We', [1, 1], 1); // embedding channel 1: "my bit is 1"
  for (const s of [0, 1, 2]) set('Ws', [s, s], 1);
  for (const unit of [0, 1]) {
    set('W1', [LEFT, state(2), unit], 1);
    set('W1', [SELF, 1, unit], 1);
  }
  set('b1', [1], -1);
  set('W1', [LEFT, state(0), 2], 1); // the left neighbour does not know yet
  for (const unit of [0, 1, 2]) set('W2', [unit, unit], 1);
  set('Wh', [0, 2], 4);
  set('Wh', [1, 2], -8);
  set('Wh', [2, 2], -10);
  set('bh', [2], -2);
  set('Wh', [2, 0], 10);
  set('bh', [0], -5);
  set('Wh', [2, 1], -10);
  return new SeadModel(config, task.id, arrays);
}

/** Carry-out: a + b + carry-in ≥ 10, with the embedding computing a + b from the features [1, a/9, b/9]. */
export function additionModel(task: Task<any, any>): SeadModel {
  return handModel(task, { hidden: 4 }, (set) => {
    set('We', [1, 0], 9);
    set('We', [2, 0], 9);
    set('W1', [SELF, 0, 0], 1);
    set('W1', [LEFT, STATE(1), 0], 1);
    set('b1', [0], -9.5);
    set('W2', [0, 0], 1);
    set('b2', [1], 0.25);
  });
}

/** Rule 110: (centre OR right) AND NOT (left AND centre AND right). */
export function rule110Model(task: Task<any, any>): SeadModel {
  return handModel(task, { hidden: 4 }, (set) => {
    set('W1', [SELF, STATE(1), 0], 1);
    set('W1', [RIGHT, STATE(1), 0], 1);
    set('b1', [0], -0.5);
    for (const cell of [LEFT, SELF, RIGHT]) set('W1', [cell, STATE(1), 1], 1);
    set('b1', [1], -2.5);
    set('W2', [0, 0], 1);
    set('W2', [1, 0], -4);
    set('b2', [1], 0.25);
  });
}
