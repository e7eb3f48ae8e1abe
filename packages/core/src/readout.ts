import * as tf from '@tensorflow/tfjs-core';

/**
 * The symbol a continuous state stands for. With two symbols, channel 0 holds the bit (above ½ is
 * symbol 1); with more, the symbol is the largest of the first S channels. The other channels are
 * the model's own working memory.
 */
export function readSymbols(h: tf.Tensor3D, symbols: number): tf.Tensor2D {
  const [B, L] = h.shape;
  if (symbols === 2) return tf.cast(tf.greater(tf.reshape(tf.slice(h, [0, 0, 0], [B, L, 1]), [B, L]), 0.5), 'int32') as tf.Tensor2D;
  return tf.argMax(tf.slice(h, [0, 0, 0], [B, L, symbols]), 2) as tf.Tensor2D;
}

/** Per-cell training targets in the channels `readSymbols` reads: [B, L, 1] bits or [B, L, S] one-hot. */
export function symbolTargets(symbols: Uint8Array, batch: number, length: number, symbolCount: number): tf.Tensor3D {
  if (symbolCount === 2) return tf.tensor3d(Float32Array.from(symbols), [batch, length, 1]);
  const data = new Float32Array(symbols.length * symbolCount);
  for (let i = 0; i < symbols.length; i++) data[i * symbolCount + symbols[i]] = 1;
  return tf.tensor3d(data, [batch, length, symbolCount]);
}

/** Number of leading channels the readout uses. */
export function readoutChannels(symbolCount: number): number {
  return symbolCount === 2 ? 1 : symbolCount;
}
