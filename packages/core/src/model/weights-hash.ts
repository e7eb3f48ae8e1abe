import { Fnv1a64 } from '../hash.js';
import { WEIGHT_NAMES, type SeadConfig } from './config.js';
import type { WeightArrays } from './weights.js';

/**
 * A 64-bit FNV-1a digest of every config field and of every weight as float32 bytes: the identity
 * of a model, so that a compiled table, a certificate or a checkpoint can say which weights it
 * speaks for. Weights enter as the float32 values a model computes with, so any edit that can
 * change what the model computes changes the digest, and one that cannot (a digit beyond float32's
 * precision) does not. It detects corruption and edits, not forgery: anyone can recompute it.
 */
export function weightsHash(config: SeadConfig, weights: WeightArrays): string {
  const hash = new Fnv1a64();
  const fields = [config.channels, config.embedding, config.hidden, config.radius, config.features, config.mode, config.epsilon];
  // A grid model's digest covers its dimensions; a row model's is what it was before grids.
  if (config.dimensions === 2) fields.push(2);
  for (const char of JSON.stringify(fields)) hash.byte(char.charCodeAt(0) & 0xff);
  for (const name of WEIGHT_NAMES) {
    const values = Float32Array.from(weights[name]);
    // −0 computes as 0, and JSON writes it as 0: both must give the digest written with them.
    for (let i = 0; i < values.length; i++) if (values[i] === 0) values[i] = 0;
    hash.bytes(new Uint8Array(values.buffer));
  }
  return hash.hex;
}

/** What `weightsHash` returns: the algorithm's name and 16 hexadecimal digits. */
export const WEIGHTS_HASH_PATTERN = /^fnv1a64:[0-9a-f]{16}$/;
