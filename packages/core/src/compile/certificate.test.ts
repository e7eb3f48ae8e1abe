import { describe, expect, it } from 'vitest';
import { OUTSIDE, parity, rule110, type LocalRule } from '@sead/tasks';
import { checkReference } from './certificate.js';
import { ruleFrom } from '../test-models.js';

/**
 * A table of radius `r` whose every window is given the answer of `rule` read on the `2R + 1`
 * positions starting at `from` (R the rule's radius): from = r − R is the centre.
 */
function tableReading(rule: LocalRule, tokens: number, states: number, r: number, from: number) {
  return ruleFrom(tokens, states, r, (codes) => {
    if (codes[r] === 0) return 0;
    const window = Array.from(codes).slice(from, from + 2 * rule.radius + 1);
    const t = window.map((c) => (c === 0 ? OUTSIDE : Math.floor((c - 1) / states)));
    const s = window.map((c) => (c === 0 ? OUTSIDE : (c - 1) % states));
    return rule.next(t, s);
  });
}

describe('checkReference with a model that reads more cells than the rule', () => {
  const everywhere = (size: number) => () => new Uint8Array(size).fill(1);

  it('compares the rule on the centre of each window: a radius-2 table equal to Rule 110 is exact', () => {
    const table = tableReading(rule110.rule!, 1, 2, 2, 1);
    const check = checkReference(table.table, rule110.rule!, 2, 2, table.base, everywhere(table.table.length));
    expect(check).toMatchObject({ exact: true, mismatches: 0, unreachableMismatches: 0 });
  });

  it('and so is a radius-3 table equal to parity', () => {
    const table = tableReading(parity.rule!, 2, 3, 3, 2);
    const check = checkReference(table.table, parity.rule!, 3, 3, table.base, everywhere(table.table.length));
    expect(check).toMatchObject({ exact: true, mismatches: 0 });
  });

  it('finds a table that reads the rule off centre wrong', () => {
    // Rule 110 of the window's first three cells: the reading the comparison once made.
    const table = tableReading(rule110.rule!, 1, 2, 2, 0);
    const check = checkReference(table.table, rule110.rule!, 2, 2, table.base, everywhere(table.table.length));
    expect(check.exact).toBe(false);
    expect(check.mismatches).toBeGreaterThan(0);
    // Two cells, the left one live: the right one stays dead under Rule 110 (1 0 | 0).
    expect(check.differences).toContainEqual({ tokens: [OUTSIDE, 0, 0, OUTSIDE, OUTSIDE], states: [OUTSIDE, 1, 0, OUTSIDE, OUTSIDE], network: 1, reference: 0 });
  });

  it('refuses a model that reads fewer cells than the rule', () => {
    const wide: LocalRule = { radius: 2, next: (_t, s) => (s[2] === OUTSIDE ? 0 : s[2]) };
    const table = ruleFrom(1, 2, 1, () => 0);
    expect(() => checkReference(table.table, wide, 2, 1, table.base, everywhere(table.table.length))).toThrow(RangeError);
  });
});
