import * as tf from '@tensorflow/tfjs-core';
import type { Lattice, Task } from '@sead/tasks';

/** What the core needs of a task to run a model on it: its alphabets and dynamics. */
export type TaskShape = Pick<Task, 'id' | 'inputAlphabet' | 'stateSymbols' | 'dynamics'> & Partial<Pick<Task, 'dimensions'>>;

/** Input features [B, L, F] of lattices that all have the same length. */
export function featureTensor(task: TaskShape, lattices: readonly Lattice[]): tf.Tensor3D {
  const L = lattices[0].length;
  const F = task.inputAlphabet[0].length;
  const data = new Float32Array(lattices.length * L * F);
  lattices.forEach((lattice, b) => {
    if (lattice.length !== L) throw new RangeError(`a batch needs lattices of one length; got ${L} and ${lattice.length}`);
    for (let i = 0; i < L; i++) data.set(task.inputAlphabet[lattice.tokens[i]], (b * L + i) * F);
  });
  return tf.tensor3d(data, [lattices.length, L, F]);
}

/** The tokens of lattices that all have the same length, as one index per cell [B·L]. */
export function tokenIndex(task: TaskShape, lattices: readonly Lattice[]): Int32Array {
  const L = lattices[0].length;
  const V = task.inputAlphabet.length;
  const out = new Int32Array(lattices.length * L);
  lattices.forEach((lattice, b) => {
    if (lattice.length !== L) throw new RangeError(`a batch needs lattices of one length; got ${L} and ${lattice.length}`);
    const { tokens } = lattice;
    for (let i = 0; i < L; i++) {
      if (tokens[i] >= V) throw new RangeError(`token ${tokens[i]} at cell ${i} is outside task "${task.id}"'s input alphabet of ${V}`);
      out[b * L + i] = tokens[i];
    }
  });
  return out;
}

/** Symbols of every cell at t = 0: the task's initial state or symbol 0. */
export function initialSymbols(lattices: readonly Lattice[]): Uint8Array {
  const L = lattices[0].length;
  const out = new Uint8Array(lattices.length * L);
  lattices.forEach((lattice, b) => lattice.initialState && out.set(lattice.initialState, b * L));
  return out;
}

/** One-hot states [B, L, S] of these symbols. */
export function oneHotStates(symbols: Uint8Array, batch: number, length: number, symbolsCount: number): tf.Tensor3D {
  const data = new Float32Array(symbols.length * symbolsCount);
  for (let i = 0; i < symbols.length; i++) data[i * symbolsCount + symbols[i]] = 1;
  return tf.tensor3d(data, [batch, length, symbolsCount]);
}
