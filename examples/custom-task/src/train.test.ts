import * as tf from '@tensorflow/tfjs-core';
import { predict, useBackend } from '@sead/core';
import { train, validate } from '@sead/trainer';
import { beforeAll, describe, expect, it } from 'vitest';
import { subtraction } from './subtraction.js';

const TRAIN_LENGTHS = [4, 16] as const;
const TEST_LENGTH = 4 * TRAIN_LENGTHS[1];

beforeAll(async () => {
  await useBackend('cpu');
  tf.enableProdMode();
});

describe('training subtraction from scratch', () => {
  it('learns a rule that is exact at 4× the training length', async () => {
    const result = await train({
      task: subtraction,
      seed: 7,
      trainLengths: TRAIN_LENGTHS,
      validationLengths: [TEST_LENGTH],
      maxIterations: 600,
      maxSeconds: 25,
    });
    expect(result.model.parameterCount).toBeLessThan(100);

    // Fresh instances (another seed than training validated on), random and adversarial alike.
    const [score] = validate(result.model, subtraction, [TEST_LENGTH], 128, 12345);
    expect(score).toEqual({ length: TEST_LENGTH, correct: score.total, total: 128 + subtraction.adversarial(TEST_LENGTH).length });

    // The longest borrow chain the length allows: it must travel the whole lattice and settle.
    const hardest = { a: '1' + '0'.repeat(TEST_LENGTH - 1), b: '1' };
    const prediction = predict(result.model, subtraction, hardest);
    expect(prediction.converged).toBe(true);
    expect(prediction.output).toBe('9'.repeat(TEST_LENGTH - 1));
    expect(prediction.steps).toBeGreaterThanOrEqual(TEST_LENGTH - 1);
  }, 40_000);
});
