import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parity, type LocalRule } from '@sead/tasks';
import { checkReference, type EquivalenceContext } from './certificate.js';
import type { CompiledRule } from './compile.js';
import { reachableWindows } from './reach.js';
import { referenceRule, ruleFrom } from '../test-models.js';

/**
 * A task of two tokens whose cells go "?" → A → B → the cell's own token (symbols 0 ? 1 A 2 B
 * 3 "0" 4 "1"), reading only the centre: A and B are passed through, never rested on.
 */
const S = 5;
const settle = (token: number) => 3 + token;
const throughAB: LocalRule = { radius: 1, next: (tokens, states) => [1, 2, settle(tokens[1]), states[1], states[1]][states[1]] };

/** A table of two tokens and five symbols whose centre goes as `next(token, state)` says. */
function centreRule(next: (token: number, state: number) => number): CompiledRule {
  return ruleFrom(2, S, 1, (codes) => (codes[1] === 0 ? 0 : next(Math.floor((codes[1] - 1) / S), (codes[1] - 1) % S)));
}

function context(rule: CompiledRule, startSymbols: readonly number[], dynamics: EquivalenceContext['dynamics'] = 'fixed-point'): EquivalenceContext {
  return { dynamics, startSymbols, referenceClosure: (table) => reachableWindows({ ...rule, table }, startSymbols) };
}

function check(rule: CompiledRule, reference: LocalRule, startSymbols: readonly number[], dynamics?: EquivalenceContext['dynamics']) {
  return checkReference(rule.table, reference, rule.states, rule.radius, rule.base, () => reachableWindows(rule, startSymbols), context(rule, startSymbols, dynamics));
}

describe('equivalence where the learned rule differs from the reference', () => {
  it('finds the renaming of passed-through symbols that makes the learned rule the reference', () => {
    // ? → B → A → the token: A and B swapped.
    const learned = centreRule((token, state) => [2, settle(token), 1, state, state][state]);
    const result = check(learned, throughAB, [0]);
    expect(result).toMatchObject({ exact: false, relabelling: [0, 2, 1, 3, 4], restsAgree: null });
    expect(result.mismatches).toBeGreaterThan(0);
  });

  it('renames nothing in a rollout, whose every symbol is an answer', () => {
    const learned = centreRule((token, state) => [2, settle(token), 1, state, state][state]);
    expect(check(learned, throughAB, [0, 1, 2, 3, 4], 'rollout')).toMatchObject({ exact: false, relabelling: null, restsAgree: null });
  });

  it('renames neither a start symbol nor one a lattice rests on', () => {
    // The answers' names swapped: ? → A → B → the other token's symbol, which rests.
    const learned = centreRule((token, state) => [1, 2, settle(1 - token), state, state][state]);
    expect(check(learned, throughAB, [0])).toMatchObject({ relabelling: null, restsAgree: false });
  });

  it('proves the resting lattices agree when the learned rule takes another way to the same answers', () => {
    // ? → A → the token, B never used: no renaming, but every lattice it rests on is the reference's.
    const learned = centreRule((token, state) => [1, settle(token), settle(token), state, state][state]);
    const result = check(learned, throughAB, [0]);
    // Each cell changes twice: ? → A → its token's symbol. Every run rests within 2·L steps.
    expect(result).toMatchObject({ exact: false, relabelling: null, restsAgree: true, settledMismatches: 0, maxChanges: 2 });
  });

  it('proves no bound on changes where a cell can go back and forth on its way to the same answers', () => {
    // ? → A → B → A … until the left neighbour is settled, then the token: a cell may revisit A.
    const learned = ruleFrom(2, S, 1, (codes) => {
      if (codes[1] === 0) return 0;
      const token = Math.floor((codes[1] - 1) / S);
      const state = (codes[1] - 1) % S;
      const leftSettled = codes[0] === 0 || (codes[0] - 1) % S >= 3;
      return [1, leftSettled ? settle(token) : 2, leftSettled ? settle(token) : 1, state, state][state];
    });
    expect(check(learned, throughAB, [0])).toMatchObject({ relabelling: null, restsAgree: true, maxChanges: null });
  });

  it('finds a lattice the learned rule rests on that is not the reference answer, though every window of it rests under the reference too', () => {
    // ? → A → B → "0" whatever the token: on token 1 it rests on "0", where the reference, had it got there, would rest too.
    const learned = centreRule((_token, state) => [1, 2, 3, state, state][state]);
    expect(check(learned, throughAB, [0])).toMatchObject({ relabelling: null, restsAgree: false, settledMismatches: 0 });
  });

  it('is sound: where it finds a renaming or agreeing rests, every run that comes to rest has the reference answer', () => {
    const reference = referenceRule(parity);
    const P = reference.states;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(reference.table.length - 1), fc.nat(P - 1)), { minLength: 1, maxLength: 6 }), (changes) => {
        const table = reference.table.slice();
        for (const [index, next] of changes) table[index] = next;
        const learned = { ...reference, table };
        const result = check(learned, parity.rule!, [0]);
        if (result.exact || (result.relabelling === null && result.restsAgree !== true)) return;
        // Every input up to 7 bits, run to rest under both tables.
        for (let length = 1; length <= 7; length++) {
          for (let bits = 0; bits < 2 ** length; bits++) {
            const tokens = Array.from({ length }, (_, i) => (bits >> i) & 1);
            const expected = restOf(reference, tokens);
            const got = restOf(learned, tokens);
            if (got !== null) expect(got).toEqual(expected);
            if (result.relabelling) expect(got).not.toBeNull();
          }
        }
      }),
      { seed: 11, numRuns: 300 }
    );
  });
});

/** The lattice a table comes to rest on from all-"?" (symbol 0), or null if it has not after 4·length + 8 steps. */
function restOf(rule: CompiledRule, tokens: readonly number[]): number[] | null {
  const L = tokens.length;
  let state = new Array<number>(L).fill(0);
  for (let t = 0; t < 4 * L + 8; t++) {
    const next = state.map((_, i) => {
      let index = 0;
      for (let k = -1, power = 1; k <= 1; k++, power *= rule.base) {
        const j = i + k;
        if (j >= 0 && j < L) index += (1 + tokens[j] * rule.states + state[j]) * power;
      }
      return rule.table[index];
    });
    if (next.every((s, i) => s === state[i])) return state;
    state = next;
  }
  return null;
}
