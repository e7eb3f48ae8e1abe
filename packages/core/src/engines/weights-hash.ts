import { WEIGHT_NAMES, type SeadConfig } from '../config.js';
import type { WeightArrays } from '../weights.js';

/**
 * A 64-bit FNV-1a digest of the config and of every weight as float32 bytes: the identity of a
 * model, so that a compiled table or a certificate can say which weights it speaks for.
 */
export function weightsHash(config: SeadConfig, weights: WeightArrays): string {
  let lo = 0x84222325;
  let hi = 0xcbf29ce4;
  const eat = (byte: number) => {
    lo ^= byte;
    // Multiply the 64-bit state by the FNV prime 0x100000001b3, in 32-bit halves.
    const l = lo >>> 0;
    const loMul = Math.imul(l, 0x1b3);
    const carry = Math.floor((l * 0x1b3) / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + Math.imul(l, 0x100) + carry) >>> 0;
    lo = loMul >>> 0;
  };
  for (const char of JSON.stringify([config.channels, config.embedding, config.hidden, config.radius, config.features, config.mode])) eat(char.charCodeAt(0) & 0xff);
  for (const name of WEIGHT_NAMES) {
    const bytes = new Uint8Array(Float32Array.from(weights[name]).buffer);
    for (const byte of bytes) eat(byte);
  }
  return `fnv1a64:${(hi >>> 0).toString(16).padStart(8, '0')}${(lo >>> 0).toString(16).padStart(8, '0')}`;
}
