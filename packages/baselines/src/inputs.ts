import * as tf from '@tensorflow/tfjs-core';
import type { TaskShape } from '@sead/core';
import type { Lattice } from '@sead/tasks';

/** Inputs per cell: the token's features, then the one-hot symbol the cell starts in. */
export function inputWidth(task: TaskShape): number {
  return task.inputAlphabet[0].length + task.stateSymbols.length;
}

/**
 * What a baseline reads of lattices that share a length, [B, L, F + S]: each cell's token features
 * (as SEAD's embedding reads them) and its initial state symbol, one-hot (a rollout's row; symbol 0
 * when the task gives none). Everything a lattice holds but a rollout's step count, which the tasks'
 * generators tie to the length.
 */
export function cellInputs(task: TaskShape, lattices: readonly Lattice[]): tf.Tensor3D {
  const L = lattices[0].length;
  const F = task.inputAlphabet[0].length;
  const width = inputWidth(task);
  const data = new Float32Array(lattices.length * L * width);
  lattices.forEach((lattice, b) => {
    if (lattice.length !== L) throw new RangeError(`a batch needs lattices of one length; got ${L} and ${lattice.length}`);
    for (let i = 0; i < L; i++) {
      const at = (b * L + i) * width;
      data.set(task.inputAlphabet[lattice.tokens[i]], at);
      data[at + F + (lattice.initialState ? lattice.initialState[i] : 0)] = 1;
    }
  });
  return tf.tensor3d(data, [lattices.length, L, width]);
}
