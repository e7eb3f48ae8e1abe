import { describe, expect, it } from 'vitest';
import { parity } from '@sead/tasks';
import { configFor } from './model.js';
import { WEIGHT_NAMES, type SeadConfig } from './config.js';
import { initialWeights, type WeightArrays } from './weights.js';
import { smallFor } from '../test-models.js';
import { weightsHash, WEIGHTS_HASH_PATTERN } from './weights-hash.js';

const config = configFor(parity, smallFor(parity), 'discrete');
// As a model holds them: float32 values.
const weights = Object.fromEntries(Object.entries(initialWeights(config, 5)).map(([name, values]) => [name, values.map(Math.fround)])) as WeightArrays;
const digest = weightsHash(config, weights);

/** Another valid value of a config field: whatever the field, it must move the digest. */
function another(value: unknown): unknown {
  if (value === 'discrete') return 'continuous';
  if (value === 'continuous') return 'discrete';
  if (typeof value === 'number') return Number.isInteger(value) ? value + 1 : value / 2;
  throw new Error(`a config field of an unexpected kind: ${JSON.stringify(value)}`);
}

describe('weightsHash', () => {
  it('is 64-bit FNV-1a, named', () => {
    expect(digest).toMatch(WEIGHTS_HASH_PATTERN);
    expect(weightsHash(config, structuredClone(weights))).toBe(digest);
  });

  it.each(Object.keys(config))('covers config.%s', (field) => {
    const changed = { ...config, [field]: another(config[field as keyof SeadConfig]) } as SeadConfig;
    expect(weightsHash(changed, weights)).not.toBe(digest);
  });

  it('covers every weight, each as the float32 a model computes with', () => {
    for (const name of WEIGHT_NAMES) {
      for (let i = 0; i < weights[name].length; i++) {
        const w = weights[name][i];
        const edited: WeightArrays = { ...weights, [name]: weights[name].map((v, j) => (j === i ? Math.fround(v + 2 ** -10) : v)) };
        expect(weightsHash(config, edited), `${name}[${i}]`).not.toBe(digest);
        // Digits beyond float32's precision change nothing a model computes, nor the digest.
        const unseen: WeightArrays = { ...weights, [name]: weights[name].map((v, j) => (j === i ? w + Math.abs(w) * 2 ** -30 : v)) };
        expect(weightsHash(config, unseen), `${name}[${i}]`).toBe(digest);
      }
    }
  });

  it('gives −0 the digest of 0, as JSON writes it', () => {
    const negative = { ...weights, bh: weights.bh.map(() => -0) };
    const positive = { ...weights, bh: weights.bh.map(() => 0) };
    expect(weightsHash(config, negative)).toBe(weightsHash(config, positive));
  });
});
