import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTSIDE, addition, parity, rule110, type Lattice, type Task } from '@sead/tasks';
import type { CompiledRule } from '../compile/compile.js';
import { foldRule } from '../compile/fold.js';
import { BoundError } from '../bounds.js';
import { referenceRule, relaxSparse, ruleFrom } from '../test-models.js';

/**
 * The definition, every cell every step: synchronous steps until nothing changes, the first
 * repeat of an earlier state (a cycle) or the cap, as the dense engine reports them.
 */
function naive(rule: CompiledRule, lattice: Lattice, cap: number, rollout: boolean) {
  const L = lattice.length;
  const r = rule.radius;
  let state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
  const history = [state.slice()];
  const seen = new Map([[state.join(','), 0]]);
  for (let t = 0; t < cap; t++) {
    const next = new Uint8Array(L);
    for (let i = 0; i < L; i++) {
      let index = 0;
      for (let k = 0, j = i - r; k <= 2 * r; k++, j++) {
        if (j >= 0 && j < L) index += (1 + lattice.tokens[j] * rule.states + state[j]) * rule.base ** k;
      }
      next[i] = rule.table[index];
    }
    if (!rollout && next.every((s, i) => s === state[i])) return { symbols: state, steps: t, outcome: 'fixed-point', history };
    state = next;
    history.push(state.slice());
    if (rollout) continue;
    const key = state.join(',');
    const earlier = seen.get(key);
    if (earlier !== undefined) return { symbols: state, steps: t + 1, outcome: 'cycle', period: t + 1 - earlier, history };
    seen.set(key, t + 1);
  }
  return { symbols: state, steps: cap, outcome: rollout ? 'rollout' : 'step-cap', history };
}

const summary = (r: { symbols: Uint8Array; steps: number; outcome: string; period?: number; history?: Uint8Array[] }) => ({
  symbols: Array.from(r.symbols),
  steps: r.steps,
  outcome: r.outcome,
  period: r.period,
  history: r.history?.map((h) => Array.from(h)),
});

/** Tokens and initial states from a seed. */
function randomLattice(seed: number, length: number, tokens: number, states: number, withState: boolean): Lattice {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return {
    length,
    tokens: Uint8Array.from({ length }, () => Math.floor(next() * tokens)),
    ...(withState && { initialState: Uint8Array.from({ length }, () => Math.floor(next() * states)) }),
  };
}

describe('sparse engine against the definition', () => {
  /** Random rules that mostly keep a cell as it is (fronts, islands, cycles) against the definition. */
  const agreesOnRandomRules = (lengths: { min: number; max: number }, radii: { min: number; max: number }, numRuns: number) =>
    fc.assert(
      fc.property(
        fc.record({
          radius: fc.integer(radii),
          tokens: fc.integer({ min: 1, max: 3 }),
          states: fc.integer({ min: 2, max: 3 }),
          keep: fc.double({ min: 0.5, max: 1, noNaN: true }),
          ruleSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          latticeSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          length: fc.integer(lengths),
          withState: fc.boolean(),
          rollout: fc.boolean(),
          cap: fc.integer({ min: 0, max: 400 }),
          // Where cycle detection starts changes nothing but when it looks.
          hashFrom: fc.constantFrom(0, 1, 5, undefined),
        }),
        (p) => {
          if ((p.tokens * p.states + 1) ** (2 * p.radius + 1) > 1 << 20) return;
          let s = p.ruleSeed;
          const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          const rule = ruleFrom(p.tokens, p.states, p.radius, (codes) => {
            const centre = codes[p.radius];
            const own = centre === 0 ? 0 : (centre - 1) % p.states;
            return random() < p.keep ? own : Math.floor(random() * p.states);
          });
          const lattice = { ...randomLattice(p.latticeSeed, p.length, p.tokens, p.states, p.withState), steps: p.cap };
          const expected = summary(naive(rule, lattice, p.cap, p.rollout));
          expect(summary(relaxSparse(rule, lattice, { rollout: p.rollout, maxSteps: p.cap, record: true, hashFrom: p.hashFrom }))).toEqual(expected);
          // Unrecorded runs take the fast paths (fronts run in one loop) and must end the same.
          const { history: _, ...end } = expected;
          const { history: __, ...sparseEnd } = summary(relaxSparse(rule, lattice, { rollout: p.rollout, maxSteps: p.cap, hashFrom: p.hashFrom }));
          expect(sparseEnd).toEqual(end);
        },
      ),
      { numRuns, seed: 424242 },
    );

  it('agrees on random rules that mostly keep a cell as it is, any radius', () => {
    agreesOnRandomRules({ min: 1, max: 300 }, { min: 1, max: 3 }, 300);
  }, 120_000);

  it('agrees where cycles pass through single fronts and their splits (radius 1, 24 to 64 cells)', () => {
    agreesOnRandomRules({ min: 24, max: 64 }, { min: 1, max: 1 }, 600);
  }, 120_000);

  it('stops where the bound on cell updates says, in the state the definition has reached then', () => {
    fc.assert(
      fc.property(
        fc.record({
          ruleSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          latticeSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          length: fc.integer({ min: 1, max: 120 }),
          rollout: fc.boolean(),
          maxUpdates: fc.integer({ min: 1, max: 3000 }),
        }),
        (p) => {
          let s = p.ruleSeed;
          const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          const rule = ruleFrom(2, 3, 1, (codes) => (random() < 0.8 ? (codes[1] === 0 ? 0 : (codes[1] - 1) % 3) : Math.floor(random() * 3)));
          const cap = 200;
          const lattice = { ...randomLattice(p.latticeSeed, p.length, 2, 3, true), steps: cap };
          // A rollout's cost is known before it starts, and so is a first step's: over the bound, the run is refused.
          if (p.length * (p.rollout ? cap : 1) > p.maxUpdates) {
            expect(() => relaxSparse(rule, lattice, { rollout: p.rollout, maxSteps: cap, maxUpdates: p.maxUpdates })).toThrow(BoundError);
            return;
          }
          const free = relaxSparse(rule, lattice, { rollout: p.rollout, maxSteps: cap });
          const bounded = relaxSparse(rule, lattice, { rollout: p.rollout, maxSteps: cap, maxUpdates: p.maxUpdates });
          // A run that never started a step at or past the bound is the free run.
          if (free.updates <= p.maxUpdates || bounded.outcome !== 'update-cap') {
            expect(summary(bounded)).toEqual(summary(free));
            expect(bounded.updates).toBe(free.updates);
            return;
          }
          // Otherwise it stopped at the first step boundary at or past the bound, in the definition's state there.
          expect(bounded.converged).toBe(false);
          expect(bounded.updates).toBeGreaterThanOrEqual(p.maxUpdates);
          expect(bounded.updates).toBeLessThan(p.maxUpdates + lattice.length);
          // Cycles are seen some steps after their first repeat, so a bounded run may stop past it.
          if (free.outcome !== 'cycle') expect(bounded.steps).toBeLessThanOrEqual(free.steps);
          const history = naive(rule, lattice, bounded.steps, true).history;
          expect(Array.from(bounded.symbols)).toEqual(Array.from(history[bounded.steps]));
        },
      ),
      { numRuns: 300, seed: 2026 },
    );
  });

  it('counts what it computes: a light cone costs a few cells a step, not the lattice', () => {
    const lattice = parity.encode({ bits: '1'.repeat(10_000) });
    const result = relaxSparse(referenceRule(parity), lattice, { rollout: false, maxSteps: 2 * lattice.length + 64 });
    expect(result).toMatchObject({ outcome: 'fixed-point', steps: 10_000 });
    // The first step reads every cell; after it, the front's three cells per step.
    expect(result.updates).toBeLessThanOrEqual(lattice.length + 3 * 10_001);
  });

  it.each([
    ['parity', parity, 20_000],
    ['addition', addition, 20_000],
  ] as Array<[string, Task<any, any>, number]>)('runs the reference rule of %s to its answer on long random and adversarial lattices', (_id, task, length) => {
    const rule = referenceRule(task);
    let s = 7;
    const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const instances = [task.random(length, random), ...task.adversarial(length).map((a) => a.instance)];
    for (const instance of instances) {
      const lattice = task.encode(instance);
      const result = relaxSparse(rule, lattice, { rollout: false, maxSteps: 2 * lattice.length + 64 });
      expect(result.outcome).toBe('fixed-point');
      expect(Array.from(result.symbols)).toEqual(Array.from(task.cellTargets!(instance)));
    }
  }, 60_000);

  it('runs Rule 110 exactly, step by step', () => {
    const rule = referenceRule(rule110);
    const cells = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 3 === 0 ? '1' : '0')).join('');
    const lattice = rule110.encode({ cells, steps: 300 });
    expect(summary(relaxSparse(rule, lattice, { rollout: true, maxSteps: 0, record: true }))).toEqual(summary(naive(rule, lattice, 300, true)));
  });
});

describe('reduced tables', () => {
  it('fold the reference rules onto the distinctions they make', () => {
    // Addition: the carry in (outside counts as none), the pair's sum (kill, propagate, generate);
    // the right neighbour does not matter. Each position also keeps the outside code apart.
    const reduced = foldRule(referenceRule(addition));
    expect(reduced.table.length).toBeLessThanOrEqual(3 * 4 * 2);
    const rule110Reduced = foldRule(referenceRule(rule110));
    expect(rule110Reduced.table.length).toBe(3 * 3 * 3);
  });

  it('equal the full table on every neighbourhood that can occur, for random tables', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 0, max: 1e9 }), (radius, tokens, states, seed) => {
        let s = seed;
        const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        // Few distinct columns: entries depend on a coarse function of the codes.
        const buckets = Array.from({ length: tokens * states + 1 }, () => Math.floor(random() * 3));
        const values = new Map<string, number>();
        const rule = ruleFrom(tokens, states, radius, (codes) => {
          const key = Array.from(codes, (c) => buckets[c]).join();
          if (!values.has(key)) values.set(key, Math.floor(random() * states));
          return values.get(key)!;
        });
        const reduced = foldRule(rule);
        expect(reduced.table.length).toBeLessThanOrEqual(rule.table.length);
        // reduceRule checks itself on every possible neighbourhood; its classes keep outside apart.
        for (const classes of reduced.classOf) expect(classes[0]).toBe(0);
      }),
      { numRuns: 40, seed: 99 },
    );
  });
});
