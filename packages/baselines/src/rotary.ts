import * as tf from '@tensorflow/tfjs-core';

/** The base of the rotary frequencies, as in RoFormer (Su et al. 2021). */
export const ROTARY_BASE = 10_000;

/** cos and sin of every position's angles, [L, dh]: pair i of a head turns by position · base^(−2i/dh). */
export interface RotaryTables {
  readonly cos: tf.Tensor2D;
  readonly sin: tf.Tensor2D;
}

/**
 * The rotary tables for `length` positions and heads of width `headWidth` (even). The two halves of
 * a head's vector are the two coordinates of its pairs ("rotate half", as GPT-NeoX writes it).
 */
export function rotaryTables(length: number, headWidth: number): RotaryTables {
  const half = headWidth / 2;
  const cos = new Float32Array(length * headWidth);
  const sin = new Float32Array(length * headWidth);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * ROTARY_BASE ** (-i / half);
      cos[p * headWidth + i] = cos[p * headWidth + half + i] = Math.cos(angle);
      sin[p * headWidth + i] = sin[p * headWidth + half + i] = Math.sin(angle);
    }
  }
  return { cos: tf.tensor2d(cos, [length, headWidth]), sin: tf.tensor2d(sin, [length, headWidth]) };
}

/** Queries or keys [N, L, dh] rotated by their positions: x·cos + rotateHalf(x)·sin. */
export function rotate(x: tf.Tensor3D, { cos, sin }: RotaryTables): tf.Tensor3D {
  const [N, L, dh] = x.shape;
  const half = dh / 2;
  const first = tf.slice(x, [0, 0, 0], [N, L, half]);
  const second = tf.slice(x, [0, 0, half], [N, L, half]);
  return tf.add(tf.mul(x, cos), tf.mul(tf.concat([tf.neg(second), first], 2), sin));
}
