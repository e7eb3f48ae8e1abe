import { describe, expect, it } from 'vitest';
import { applyRule, MAX_RULE_TABLE } from './apply-rule.js';

const RULE_TABLE_ENTRIES = (radius: number, tokens: number, states: number) => (tokens * states + 1) ** (2 * radius + 1);
import { seededRandom, randomInt } from './random.js';
import { OUTSIDE, type LocalRule } from './task.js';
import { windowOffsets } from './window.js';

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

  it('asks the rule once per distinct neighbourhood, however long the lattice', () => {
    const rule = recordingRule(1);
    const n = 1000;
    const first = applyRule(rule, new Uint8Array(n), new Uint8Array(n));
    // The left end, the interior and the right end.
    expect(rule.seen).toHaveLength(3);
    expect(first[0]).not.toBe(first[1]);
    expect(new Set(first.subarray(1, n - 1)).size).toBe(1);
    applyRule(rule, new Uint8Array(n), new Uint8Array(n));
    expect(rule.seen).toHaveLength(3);
  });

  it('keeps its answers right when a larger alphabet turns up later', () => {
    const rule = recordingRule(1);
    const direct = (tokens: Uint8Array, states: Uint8Array) =>
      Array.from({ length: tokens.length }, (_, i) => {
        const window = (a: Uint8Array) => [a[i - 1] ?? OUTSIDE, a[i], a[i + 1] ?? OUTSIDE];
        return recordingRule(1).next(window(tokens), window(states));
      });
    const random = seededRandom(5);
    for (const [tokenCount, stateCount] of [[1, 2], [3, 2], [2, 5], [6, 6]]) {
      const tokens = Uint8Array.from({ length: 40 }, () => randomInt(random, 0, tokenCount - 1));
      const states = Uint8Array.from({ length: 40 }, () => randomInt(random, 0, stateCount - 1));
      expect(Array.from(applyRule(rule, tokens, states))).toEqual(direct(tokens, states));
    }
  });

  it('calls the rule cell by cell where the alphabet is too large to tabulate', () => {
    const rule = recordingRule(2);
    const tokens = Uint8Array.from({ length: 30 }, (_, i) => (i * 37) % 200);
    const states = Uint8Array.from({ length: 30 }, (_, i) => i % 3);
    expect(RULE_TABLE_ENTRIES(2, 200, 3)).toBeGreaterThan(MAX_RULE_TABLE);
    applyRule(rule, tokens, states);
    expect(rule.seen).toHaveLength(30);
  });

  it('names a rule that answers something other than a state', () => {
    const bad: LocalRule = { radius: 1, next: () => 1.5 };
    expect(() => applyRule(bad, new Uint8Array(3), new Uint8Array(3))).toThrow(/a local rule returned 1.5; states are integers 0–255/);
  });
});

describe('applyRule on a grid', () => {
  /** The rule's answers computed cell by cell, the window built here from the offsets (written for the test). */
  function direct(radius: number, tokens: Uint8Array, states: Uint8Array, columns: number): number[] {
    const rows = tokens.length / columns;
    const oracle = recordingRule(radius);
    return Array.from(tokens, (_, cell) => {
      const [y, x] = [Math.floor(cell / columns), cell % columns];
      const window = (values: Uint8Array) =>
        windowOffsets(2, radius).map(([dy, dx]) => (y + dy >= 0 && y + dy < rows && x + dx >= 0 && x + dx < columns ? values[(y + dy) * columns + x + dx] : OUTSIDE));
      return oracle.next(window(tokens), window(states));
    });
  }

  it('shows each cell its 3 × 3 window row by row, with OUTSIDE beyond the edges', () => {
    const rule = recordingRule(1);
    // Two rows of two: tokens 10 11 / 12 13, states 0 1 / 2 3.
    applyRule(rule, Uint8Array.of(10, 11, 12, 13), Uint8Array.of(0, 1, 2, 3), 2);
    const X = OUTSIDE;
    expect(rule.seen[0]).toEqual([[X, X, X, X, 10, 11, X, 12, 13], [X, X, X, X, 0, 1, X, 2, 3]]);
    expect(rule.seen[3]).toEqual([[10, 11, X, 12, 13, X, X, X, X], [0, 1, X, 2, 3, X, X, X, X]]);
    expect(rule.seen).toHaveLength(4);
  });

  it('matches a direct per-cell computation on random grids, radii, single rows and single columns', () => {
    const random = seededRandom(78);
    for (let k = 0; k < 60; k++) {
      const radius = randomInt(random, 1, 2);
      const rows = randomInt(random, 1, 8);
      const columns = k % 5 === 0 ? 1 : randomInt(random, 1, 8);
      const tokens = Uint8Array.from({ length: rows * columns }, () => randomInt(random, 0, 3));
      const states = Uint8Array.from({ length: rows * columns }, () => randomInt(random, 0, 4));
      expect(Array.from(applyRule(recordingRule(radius), tokens, states, columns))).toEqual(direct(radius, tokens, states, columns));
    }
  });

  it('is synchronous and leaves the states it was given untouched', () => {
    // Each cell takes the state of the cell above it (0 in the top row).
    const down: LocalRule = { radius: 1, next: (_t, s) => (s[1] === OUTSIDE ? 0 : s[1]) };
    const states = Uint8Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(applyRule(down, new Uint8Array(6), states, 3))).toEqual([0, 0, 0, 1, 2, 3]);
    expect(Array.from(states)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('asks the rule once per distinct window, however large the grid', () => {
    const rule = recordingRule(1);
    applyRule(rule, new Uint8Array(60 * 50), new Uint8Array(60 * 50), 50);
    // Four corners, four edges and the interior.
    expect(rule.seen).toHaveLength(9);
    applyRule(rule, new Uint8Array(30 * 20), new Uint8Array(30 * 20), 20);
    expect(rule.seen).toHaveLength(9);
  });

  it('keeps its answers right when a larger alphabet turns up later', () => {
    const rule = recordingRule(1);
    const random = seededRandom(79);
    for (const [tokenCount, stateCount] of [[1, 2], [3, 2], [2, 5], [6, 6], [2, 2]]) {
      const tokens = Uint8Array.from({ length: 48 }, () => randomInt(random, 0, tokenCount - 1));
      const states = Uint8Array.from({ length: 48 }, () => randomInt(random, 0, stateCount - 1));
      expect(Array.from(applyRule(rule, tokens, states, 6))).toEqual(direct(1, tokens, states, 6));
    }
  });

  it('calls the rule for every cell where windows are too many to key', () => {
    const rule = recordingRule(1);
    const tokens = Uint8Array.from({ length: 36 }, (_, i) => (i * 37) % 250);
    const states = Uint8Array.from({ length: 36 }, (_, i) => i % 200);
    expect((250 * 200 + 1) ** 9).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    applyRule(rule, tokens, states, 6);
    expect(rule.seen).toHaveLength(36);
  });

  it('refuses a column count that does not divide the cells, and a rule that answers something other than a state', () => {
    expect(() => applyRule(recordingRule(1), new Uint8Array(10), new Uint8Array(10), 3)).toThrow('a grid of 10 cells cannot have 3 columns');
    expect(() => applyRule(recordingRule(1), new Uint8Array(10), new Uint8Array(10), 0)).toThrow('a grid of 10 cells cannot have 0 columns');
    const bad: LocalRule = { radius: 1, next: () => -1 };
    expect(() => applyRule(bad, new Uint8Array(4), new Uint8Array(4), 2)).toThrow(/a local rule returned -1; states are integers 0–255/);
  });
});
