import * as tf from '@tensorflow/tfjs-core';
import { causalMask, selfAttention } from './attention.js';
import type { TransformerConfig } from './config.js';
import { dense, layerNorm } from './layers.js';
import { rotaryTables } from './rotary.js';
import type { Weights } from './weights.js';

/**
 * A pre-LayerNorm Transformer encoder (as in GPT-2, without the causal mask unless asked):
 *
 *   h_0 = x·W_e + b_e (+ P_pos)
 *   h ← h + Attention(LN(h))          per layer
 *   h ← h + W_2·relu(W_1·LN(h))
 *   logits = LN(h)·W_head + b_head
 *
 * `x` holds every cell's inputs [B, L, I]; returns every cell's symbol logits [B, L, S].
 */
export function transformerLogits(w: Weights, config: TransformerConfig, x: tf.Tensor3D): tf.Tensor3D {
  const L = x.shape[1];
  const { width: d, heads, layers, positions, causal } = config;
  let h = dense(x, w['embed.W'], w['embed.b']);
  if (positions === 'learned') h = tf.add(h, tf.slice(w.positions, [0, 0], [L, d]));
  const rotary = positions === 'rotary' ? rotaryTables(L, d / heads) : undefined;
  const mask = causal ? causalMask(L) : undefined;
  for (let l = 0; l < layers; l++) {
    const at = (name: string) => w[`layer${l}.${name}`];
    const qkv = dense(layerNorm(h, at('norm1.gain'), at('norm1.bias')), at('qkv.W'), at('qkv.b'));
    h = tf.add(h, dense(selfAttention(qkv, { heads, rotary, mask }), at('out.W'), at('out.b')));
    const hidden = tf.relu(dense(layerNorm(h, at('norm2.gain'), at('norm2.bias')), at('ff1.W'), at('ff1.b')));
    h = tf.add(h, dense(hidden, at('ff2.W'), at('ff2.b')));
  }
  return dense(layerNorm(h, w['norm.gain'], w['norm.bias']), w['head.W'], w['head.b']);
}

/**
 * Multiply-adds of one lattice of L cells: per layer the projections (12·L·d² with a feed-forward
 * block of 4d; 4·L·d² + 2·L·d·f in general) and attention's two L × L products (2·L²·d). The term
 * in L² is why a sweep must bound the lengths it runs a Transformer at.
 */
export function transformerWork(config: TransformerConfig, L: number): number {
  const { inputs, symbols, width: d, feedForward: f, layers } = config;
  return L * d * (inputs + symbols) + layers * (4 * L * d * d + 2 * L * d * f + 2 * L * L * d);
}
