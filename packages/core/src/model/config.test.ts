import { describe, expect, it } from 'vitest';
import { MAX_CHECKPOINT_BYTES } from '../checkpoint/checkpoint.js';
import { MAX_PARAMETERS, parameterCount, validateConfig, type SeadConfig } from './config.js';

const shape: SeadConfig = { channels: 3, embedding: 2, hidden: 4, radius: 1, features: 2, mode: 'discrete', epsilon: 1e-4 };

describe('validateConfig', () => {
  it('keeps exactly the fields that make a model', () => {
    expect(validateConfig({ ...shape, notes: 'ignored', epsilon: undefined })).toEqual({ ...shape });
  });

  it(`refuses a model of more than ${MAX_PARAMETERS} parameters, which no checkpoint could hold`, () => {
    const wide: SeadConfig = { ...shape, embedding: 64, hidden: 1024, radius: 2 };
    const parameters = parameterCount(wide);
    expect(parameters).toBeGreaterThan(MAX_PARAMETERS);
    expect(() => validateConfig(wide)).toThrow(`config makes a model of ${parameters} parameters; at most ${MAX_PARAMETERS} are allowed`);
    expect(parameterCount(validateConfig({ ...wide, hidden: 128 }))).toBeLessThanOrEqual(MAX_PARAMETERS);
  });

  it('bounds the largest checkpoint below MAX_CHECKPOINT_BYTES', () => {
    // A parameter is written three times (weight, Adam's two moments), each a float32 as JSON.
    let longest = 0;
    for (let exponent = -149; exponent <= 127; exponent++) {
      for (const mantissa of [1, 1 + 2 ** -23, 1.1, Math.PI / 2, 2 - 2 ** -23]) {
        longest = Math.max(longest, JSON.stringify(Math.fround(-mantissa * 2 ** exponent)).length);
      }
    }
    // -0.0000010490417707842425: below 1e-6 JSON switches to exponents.
    expect(longest).toBeLessThanOrEqual(25);
    const kilobytesOfEverythingElse = 64 * 1024;
    expect(3 * MAX_PARAMETERS * (longest + 1) + kilobytesOfEverythingElse).toBeLessThan(MAX_CHECKPOINT_BYTES);
  });
});
