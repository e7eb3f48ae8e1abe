import { describe, expect, it } from 'vitest';
import { applyRule } from './apply-rule.js';
import { seededRandom, randomInt } from './random.js';
import { OUTSIDE, type LocalRule } from './task.js';

/** A rule that records the neighbourhoods it is shown and returns a hash of them. */
function recordingRule(radius: number): LocalRule & { seen: [number[], number[]][] } {
  const seen: [number[], number[]][] = [];
  return {
    radius,
    seen,
    next(tokens, states) {
      const t = Array.from(tokens);
      const s = Array.from(states);
      seen.push([t, s]);
      let h = 0;
      for (const v of [...t, ...s]) h = (h * 7 + v + 2) % 251;
      return h;
    },
  };
}

describe('applyRule', () => {
  it('shows each cell its neighbourhood, with OUTSIDE beyond both ends', () => {
    const rule = recordingRule(1);
    applyRule(rule, Uint8Array.of(10, 11, 12), Uint8Array.of(0, 1, 2));
    expect(rule.seen).toEqual([
      [[OUTSIDE, 10, 11], [OUTSIDE, 0, 1]],
      [[10, 11, 12], [0, 1, 2]],
      [[11, 12, OUTSIDE], [1, 2, OUTSIDE]],
    ]);
  });

  it('handles radius wider than the lattice', () => {
    const rule = recordingRule(2);
    applyRule(rule, Uint8Array.of(5), Uint8Array.of(1));
    expect(rule.seen).toEqual([[[OUTSIDE, OUTSIDE, 5, OUTSIDE, OUTSIDE], [OUTSIDE, OUTSIDE, 1, OUTSIDE, OUTSIDE]]]);
  });

  it('is synchronous: every cell reads the old states, which are left untouched', () => {
    // Shift right: each cell takes its left neighbour's state.
    const shift: LocalRule = { radius: 1, next: (_t, s) => (s[0] === OUTSIDE ? 0 : s[0]) };
    const states = Uint8Array.of(1, 0, 0, 1);
    const next = applyRule(shift, new Uint8Array(4), states);
    expect(Array.from(next)).toEqual([0, 1, 0, 0]);
    expect(Array.from(states)).toEqual([1, 0, 0, 1]);
    expect(next).not.toBe(states);
  });

  it('matches a direct per-cell computation for random lattices and radii', () => {
    const random = seededRandom(77);
    for (let k = 0; k < 50; k++) {
      const radius = randomInt(random, 1, 3);
      const n = randomInt(random, 0, 20);
      const tokens = Uint8Array.from({ length: n }, () => randomInt(random, 0, 9));
      const states = Uint8Array.from({ length: n }, () => randomInt(random, 0, 3));
      const rule = recordingRule(radius);
      const got = applyRule(rule, tokens, states);
      expect(got.length).toBe(n);
      const expected = Array.from({ length: n }, (_, i) => {
        const window = (a: Uint8Array) => Array.from({ length: 2 * radius + 1 }, (_, d) => a[i - radius + d] ?? OUTSIDE);
        return recordingRule(radius).next(window(tokens), window(states));
      });
      expect(Array.from(got)).toEqual(expected);
    }
  });
});
