import { useNodeBackend } from '@sead/node';
import { addition } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Positions } from './config.js';
import { fit } from './test-fit.js';

// wasm trains these small models several times faster than cpu.
beforeAll(async () => {
  await useNodeBackend('wasm');
});

/**
 * Each Transformer learns addition's carries up to 3 digits (lattices of up to 4 cells; a carry
 * reaches a cell from any cell to its left): 95% or more exact match at its training lengths, where
 * it starts below 80%. Failing beyond those lengths is then failure to generalize, not to train.
 */
describe('a Transformer fits addition at its training lengths', () => {
  const cases: [Positions, { maxPositions: number; causal: boolean }][] = [
    ['learned', { maxPositions: 4, causal: false }],
    ['rotary', { maxPositions: 0, causal: false }],
    // Without positions and without a mask, attention is blind to order: NoPE needs the causal mask.
    ['none', { maxPositions: 0, causal: true }],
  ];
  for (const [positions, rest] of cases) {
    it(`with ${positions} positions: at least 95% after 200 iterations`, async () => {
      const shape = { architecture: 'transformer', width: 16, layers: 2, heads: 2, feedForward: 32, positions, ...rest } as const;
      const { before, after, iterations } = await fit({ shape, task: addition, lengths: [1, 3], iterations: 200, learningRate: 2e-2 });
      expect(iterations).toBe(200);
      expect(before).toBeLessThan(0.8);
      expect(after).toBeGreaterThanOrEqual(0.95);
    });
  }
});
