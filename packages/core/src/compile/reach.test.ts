import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addition, OUTSIDE, parity, rule110, seededRandom, type Lattice } from '@sead/tasks';
import { checkReference } from './certificate.js';
import type { CompiledRule } from './compile.js';
import { reachableWindows } from './reach.js';
import { referenceRule, relaxSparse, ruleFrom } from '../test-models.js';

/** The index of the window centred at cell i of a lattice in state `state`. */
function windowIndex(rule: CompiledRule, lattice: Lattice, state: Uint8Array, i: number): number {
  let index = 0;
  for (let k = 0, power = 1; k <= 2 * rule.radius; k++, power *= rule.base) {
    const j = i + k - rule.radius;
    if (j >= 0 && j < lattice.length) index += (1 + lattice.tokens[j] * rule.states + state[j]) * power;
  }
  return index;
}

/**
 * A token rule as a task might declare: a lattice's first cell (with `first`) and last cell (with
 * `last`) hold token 0.
 */
function endsAtZero(first: boolean, last: boolean): (window: readonly number[]) => boolean {
  return (window) =>
    window.every((token, k) => token === OUTSIDE || ((!first || k === 0 || window[k - 1] !== OUTSIDE || token === 0) && (!last || k === window.length - 1 || window[k + 1] !== OUTSIDE || token === 0)));
}

/** Every window any step of the run meets is in the set. */
function expectCovered(rule: CompiledRule, reached: Uint8Array, lattice: Lattice, steps: number): void {
  const history = relaxSparse(rule, { ...lattice, steps }, { rollout: true, maxSteps: steps, record: true }).history!;
  for (const state of history) for (let i = 0; i < lattice.length; i++) expect(reached[windowIndex(rule, lattice, state, i)]).toBe(1);
}

const count = (reached: Uint8Array) => reached.reduce((n, v) => n + v, 0);

/**
 * The closure the definition describes, by brute force: from every window in the set, every
 * extension by r cells each side (a lattice has no holes) whose windows are all in the set gives
 * the next step's window; until nothing new comes.
 */
function closureByBruteForce(rule: CompiledRule, startSymbols: readonly number[], occurs: (tokens: readonly number[]) => boolean = () => true): Uint8Array {
  const { radius: r, base, states: S, table } = rule;
  const W = 2 * r + 1;
  const indexOf = (cells: ArrayLike<number>, from: number) => {
    let index = 0;
    for (let k = W - 1; k >= 0; k--) index = index * base + cells[from + k];
    return index;
  };
  const decode = (index: number, length: number) => Array.from({ length }, (_, k) => Math.floor(index / base ** k) % base);
  /** Cells inside form one block that holds position `centre`. */
  const contiguous = (cells: readonly number[], centre: number) => {
    const first = cells.findIndex((code) => code !== 0);
    const last = cells.length - 1 - [...cells].reverse().findIndex((code) => code !== 0);
    return cells[centre] !== 0 && cells.slice(first, last + 1).every((code) => code !== 0);
  };
  const reached = new Uint8Array(table.length);
  for (let index = 0; index < table.length; index++) {
    const codes = decode(index, W);
    const tokens = codes.map((code) => (code === 0 ? OUTSIDE : Math.floor((code - 1) / S)));
    if (contiguous(codes, r) && codes.every((code) => code === 0 || startSymbols.includes((code - 1) % S)) && occurs(tokens)) reached[index] = 1;
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (let index = 0; index < table.length; index++) {
      if (!reached[index]) continue;
      const window = decode(index, W);
      for (let extension = 0; extension < base ** (2 * r); extension++) {
        const beyond = decode(extension, 2 * r);
        const row = [...beyond.slice(0, r), ...window, ...beyond.slice(r)];
        if (!contiguous(row, 2 * r)) continue;
        const next: number[] = [];
        for (let k = 0; k < W && next.length === k; k++) {
          const cell = row[r + k];
          if (cell === 0) next.push(0);
          else if (reached[indexOf(row, k)]) next.push(1 + Math.floor((cell - 1) / S) * S + table[indexOf(row, k)]);
        }
        if (next.length < W || reached[indexOf(next, 0)]) continue;
        reached[indexOf(next, 0)] = 1;
        grew = true;
      }
    }
  }
  return reached;
}

describe('reachable windows', () => {
  it('hold every window of every run, for random rules of radius 1 and 2 and random lattices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (radius, tokens, states, seed, length, anyStart, first, last) => {
          if ((tokens * states + 1) ** (2 * radius + 1) > 1 << 16) return;
          const random = seededRandom(seed);
          const rule = ruleFrom(tokens, states, radius, (codes) => (random() < 0.7 ? (codes[radius] - 1) % states : Math.floor(random() * states)));
          const start = anyStart ? Array.from({ length: states }, (_, k) => k) : [0];
          const reached = reachableWindows(rule, start, endsAtZero(first, last));
          const lattice: Lattice = {
            length,
            // Lattices as the token rule has them: token 0 at the ends it names.
            tokens: Uint8Array.from({ length }, (_, i) => ((first && i === 0) || (last && i === length - 1) ? 0 : Math.floor(random() * tokens))),
            ...(anyStart && {
              initialState: Uint8Array.from({ length }, () => Math.floor(random() * states)),
            }),
          };
          expectCovered(rule, reached, lattice, 3 * length);
        }
      ),
      { numRuns: 150, seed: 11 }
    );
  });

  it('are exactly the closure the definition describes, for random rules of radius 1 and 2', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (radius, tokens, states, seed, anyStart, first, last) => {
          if ((tokens * states + 1) ** (2 * radius + 1) > 4 ** 5) return;
          const random = seededRandom(seed);
          // Mostly keep the centre's state, so that the closure takes several passes.
          const rule = ruleFrom(tokens, states, radius, (codes) => (random() < 0.8 ? (codes[radius] - 1) % states : Math.floor(random() * states)));
          const start = anyStart ? [0, 1] : [0];
          const occurs = endsAtZero(first, last);
          expect(reachableWindows(rule, start, occurs)).toEqual(closureByBruteForce(rule, start, occurs));
        }
      ),
      { numRuns: 60, seed: 5 }
    );
  });

  it('are all windows when every start state is possible and the rule can reach anything (Rule 110)', () => {
    const rule = referenceRule(rule110);
    const reached = reachableWindows(rule, [0, 1]);
    // Every window that can occur on a lattice: (1 token × 2 states + outside)³ less the impossible.
    expect(count(reached)).toBe(18);
  });

  it("leave out what a rule never makes: parity's reference meets no known cell right of an unknown one", () => {
    const rule = referenceRule(parity);
    const reached = reachableWindows(rule, [0]);
    // Symbol 0 is "?": from a lattice of "?" only the front moves, so a window with "?" on the
    // left and a known symbol at the centre never occurs.
    const S = 3;
    const code = (token: number, state: number) => 1 + token * S + state;
    const index = (a: number, b: number, c: number) => a + b * rule.base + c * rule.base ** 2;
    expect(reached[index(code(0, 0), code(0, 1), code(0, 0))]).toBe(0);
    expect(reached[index(code(0, 1), code(1, 0), code(0, 0))]).toBe(1);
    for (const bits of ['1', '0110', '1011001110001011']) expectCovered(rule, reached, parity.encode({ bits }), 2 * bits.length);
  });

  it("close addition's reference over its 8 million windows in reasonable time, fewer where its last cell holds the pair (0, 0)", () => {
    const rule = referenceRule(addition);
    const started = performance.now();
    const reached = reachableWindows(rule, [0]);
    const tokenRuled = reachableWindows(rule, [0], (window) => addition.tokenWindowOccurs!(window));
    expect(count(tokenRuled)).toBeGreaterThan(0);
    expect(count(tokenRuled)).toBeLessThan(count(reached));
    let outside = 0;
    for (let index = 0; index < reached.length; index++) if (tokenRuled[index] && !reached[index]) outside++;
    expect(outside).toBe(0);
    for (const [a, b] of [['99999999', '1'], ['0', '0'], ['5', '123456789'], ['909090909', '90909091']]) expectCovered(rule, tokenRuled, addition.encode({ a, b }), 20);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 120_000);
});

describe('the reference check over reachable neighbourhoods', () => {
  const S = 3;
  const code = (token: number, state: number) => 1 + token * S + state;

  /** Parity's reference table with one entry changed, and that entry's window index. */
  function parityWith(a: number, b: number, c: number, next: number): { rule: CompiledRule; index: number } {
    const reference = referenceRule(parity);
    const table = reference.table.slice();
    const index = a + b * reference.base + c * reference.base ** 2;
    table[index] = next;
    return { rule: { ...reference, table }, index };
  }

  it('certifies a rule that differs from the reference only where no run goes, and counts the difference apart', () => {
    // "?" left of a known centre: the light cone never leaves a cell unknown behind a known one.
    const { rule, index } = parityWith(code(0, 0), code(0, 1), code(0, 0), 2);
    const reached = reachableWindows(rule, [0]);
    expect(reached[index]).toBe(0);
    const check = checkReference(rule.table, parity.rule!, S, 1, rule.base, () => reached);
    expect(check).toEqual({
      exact: true,
      mismatches: 0,
      differences: [],
      unreachableMismatches: 1,
      settledMismatches: 0,
      relabelling: null,
      restsAgree: null,
      maxChanges: null,
    });
  });

  it('does not certify one that differs on a window a run meets, and names the window', () => {
    // Bit 1 at the left end, its neighbours unknown: the first step of "10…" meets it.
    const { rule, index } = parityWith(0, code(1, 0), code(0, 0), 1);
    const reached = reachableWindows(rule, [0]);
    expect(reached[index]).toBe(1);
    const check = checkReference(rule.table, parity.rule!, S, 1, rule.base, () => reached);
    expect(check).toMatchObject({
      exact: false,
      mismatches: 1,
      unreachableMismatches: 0,
      // It writes a symbol where the reference writes another: a different way, not a different rest.
      settledMismatches: 0,
    });
    expect(check.differences).toEqual([
      {
        tokens: [OUTSIDE, 1, 0],
        states: [OUTSIDE, 0, 0],
        network: 1,
        reference: 2,
      },
    ]);
  });

  it('counts apart the differences where the learned rule comes to rest and the reference would not', () => {
    // The first cell of "1…" keeps its "?": a lattice can rest there, the reference's cannot.
    const { rule } = parityWith(0, code(1, 0), code(0, 0), 0);
    const check = checkReference(rule.table, parity.rule!, S, 1, rule.base, () => reachableWindows(rule, [0]));
    expect(check).toMatchObject({ exact: false, settledMismatches: 1 });
    expect(check.mismatches).toBeGreaterThanOrEqual(1);
  });
});
