import { OUTSIDE, type LocalRule } from './task.js';

/**
 * One synchronous step of a local rule over a whole lattice: every cell's next state from its
 * neighbourhood, with `OUTSIDE` beyond both ends.
 */
export function applyRule(rule: LocalRule, tokens: Uint8Array, states: Uint8Array): Uint8Array {
  const L = tokens.length;
  const r = rule.radius;
  const t = new Array<number>(2 * r + 1);
  const s = new Array<number>(2 * r + 1);
  const next = new Uint8Array(L);
  for (let i = 0; i < L; i++) {
    for (let k = -r; k <= r; k++) {
      const j = i + k;
      const inside = j >= 0 && j < L;
      t[k + r] = inside ? tokens[j] : OUTSIDE;
      s[k + r] = inside ? states[j] : OUTSIDE;
    }
    next[i] = rule.next(t, s);
  }
  return next;
}
