import { predict } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { train, validate, type TrainEvent } from '@sead/trainer';
import { beforeAll, describe, expect, it } from 'vitest';
import { subtraction } from './subtraction.js';

const TRAIN_LENGTHS = [4, 16] as const;
const TEST_LENGTH = 4 * TRAIN_LENGTHS[1];

beforeAll(async () => {
  await useNodeBackend();
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
      // Validation alone decides here; certification has its own test below.
      certify: false,
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

  it('goes on training past perfect validation until the rule equals the reference on every neighbourhood', async () => {
    // With the recipe and seed 1, validation at 64 and 256 digits is perfect while the rule is still
    // wrong on a couple of rare neighbourhoods (a one-digit number among them): certify catches it.
    const events: TrainEvent[] = [];
    const result = await train({ task: subtraction, seed: 1, onEvent: (e) => void events.push(e) });
    const checked = events.flatMap((e) => (e.type === 'validation' && e.reference ? [e.reference] : []));
    expect(checked.length).toBeGreaterThan(1);
    expect(checked[0]).toMatchObject({ exact: false });
    expect(checked[0].mismatches).toBeGreaterThan(0);
    expect(result.solved).toBe(true);
    expect(result.reference).toMatchObject({ exact: true, mismatches: 0 });
    expect(result.checkpoint.training).toMatchObject({ solved: true, certified: true });

    const stopped = await train({ task: subtraction, seed: 1, certify: false });
    expect(stopped.solved).toBe(true);
    expect(stopped.reference).toBeUndefined();
    expect(stopped.iterations).toBeLessThan(result.iterations);
  }, 120_000);
});

