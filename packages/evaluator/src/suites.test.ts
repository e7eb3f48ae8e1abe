import { parity, type ParityInstance } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { buildSuites, suiteSeed } from './suites.js';
import { bitTask } from './test-tasks.js';

const options = { randomPerLength: 5, seed: 3, adversarial: true };

describe('buildSuites', () => {
  it('draws the same random instances for the same seed and length', () => {
    const a = buildSuites(parity, 32, options);
    const b = buildSuites(parity, 32, options);
    expect(a).toEqual(b);
    expect(a[0].name).toBe('random');
    expect(a[0].instances).toHaveLength(5);
    expect((a[0].instances as ParityInstance[]).every((i) => i.bits.length === 32)).toBe(true);
  });

  it('draws different instances for another seed or another length', () => {
    const bits = (seed: number, length: number) =>
      (buildSuites(parity, length, { ...options, seed })[0].instances as ParityInstance[]).map((i) => i.bits.slice(0, 16)).join();
    expect(bits(3, 32)).not.toBe(bits(4, 32));
    expect(bits(3, 32)).not.toBe(bits(3, 33));
    expect(new Set([0, 1, 2, 3].flatMap((s) => [16, 17, 18].map((l) => suiteSeed(s, l)))).size).toBe(12);
  });

  it('makes one suite per adversarial family, keeping every instance of a family', () => {
    const suites = buildSuites(bitTask({ id: 'spread', rule: 'spread' }), 8, options);
    expect(suites.map((s) => [s.name, s.kind, s.instances.length])).toEqual([
      ['random', 'random', 5],
      ['single-one', 'adversarial', 2],
      ['all-zeros', 'adversarial', 1],
    ]);
  });

  it('leaves out the random suite for zero instances and the families when asked', () => {
    expect(buildSuites(parity, 8, { ...options, randomPerLength: 0 }).map((s) => s.kind)).not.toContain('random');
    expect(buildSuites(parity, 8, { ...options, adversarial: false }).map((s) => s.name)).toEqual(['random']);
  });
});
