import { useNodeBackend } from '@sead/node';
import { parity } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { fit } from './test-fit.js';

// wasm trains these small models several times faster than cpu.
beforeAll(async () => {
  await useNodeBackend('wasm');
});

/**
 * Each recurrent network learns parity's prefix parities up to 6 bits (one bit carried from left to
 * right, what a recurrence does): every instance right at its training lengths, where it starts
 * below 80%. Failing beyond those lengths is then failure to generalize, not to train.
 */
describe('a recurrent network fits parity at its training lengths', () => {
  for (const architecture of ['lstm', 'gru'] as const) {
    it(`${architecture}: 100% after 150 iterations`, async () => {
      const { before, after, iterations } = await fit({ shape: { architecture, width: 16 }, task: parity, lengths: [1, 6], iterations: 150, learningRate: 3e-2 });
      expect(iterations).toBe(150);
      expect(before).toBeLessThan(0.8);
      expect(after).toBe(1);
    });
  }
});
