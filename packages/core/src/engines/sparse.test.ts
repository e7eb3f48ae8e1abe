import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addition, parity, rule110, type Task } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { SeadModel } from '../model/model.js';
import { compileRule } from '../compile/compile.js';
import { resolveEngine } from './engines.js';
import { relaxBatch, relaxSparse, relaxWith } from '../test-models.js';
import { flipModel, identityModel, smallFor } from '../test-models.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const SHAPE = { channels: 2, embedding: 2, hidden: 4, radius: 1 };

/** What both engines must agree on, run for run. */
const summary = (r: { symbols: Uint8Array; steps: number; outcome: string; converged: boolean; period?: number }) => ({
  symbols: Array.from(r.symbols),
  steps: r.steps,
  outcome: r.outcome,
  converged: r.converged,
  period: r.period,
});

describe('sparse engine', () => {
  // Addition's table has 8 million entries, so it gets fewer runs than the small alphabets.
  it.each([
    ['parity', 1, 40],
    ['rule110', 1, 40],
    ['addition', 1, 4],
    // A wider window: 5 cells, tables of (V·S + 1)^5 entries.
    ['parity', 2, 15],
    ['rule110', 2, 15],
  ] as const)('agrees with the dense engine on random discrete models and random %s instances (radius %i)', (id, radius, numRuns) => {
    const task: Task = { parity, rule110, addition }[id];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1e6 }), (modelSeed, length, instanceSeed) => {
        const model = SeadModel.create(task, { ...smallFor(task), radius }, 'discrete', modelSeed);
        let s = instanceSeed;
        const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const lattices = Array.from({ length: 3 }, () => task.encode(task.random(length, random)));
        const options = { maxSteps: 3 * lattices[0].length + 10, record: true };
        const dense = relaxBatch(model, task, lattices, options);
        const sparse = relaxWith('sparse', model, task, lattices, options);
        lattices.forEach((_, k) => {
          expect(summary(sparse[k])).toEqual(summary(dense[k]));
          expect(sparse[k].history!.map((h) => Array.from(h))).toEqual(dense[k].history!.map((h) => Array.from(h)));
        });
        model.dispose();
      }),
      { numRuns, seed: 20261123 },
    );
  }, 60_000);

  it('finds the same cycle, period and first repeat as the dense engine, and the same step cap', () => {
    const model = flipModel();
    const lattices = [addition.encode({ a: '005', b: '5' }), addition.encode({ a: '123', b: '77' })];
    for (const maxSteps of [1, 2, 3, 50]) {
      const dense = relaxBatch(model, addition, lattices, { maxSteps, record: true });
      const sparse = relaxWith('sparse', model, addition, lattices, { maxSteps, record: true });
      expect(sparse.map(summary)).toEqual(dense.map(summary));
      expect(sparse.map((r) => r.history!.length)).toEqual(dense.map((r) => r.history!.length));
    }
    expect(relaxWith('sparse', model, addition, lattices, { maxSteps: 50 })[0]).toMatchObject({ outcome: 'cycle', period: 2, steps: 2 });
    model.dispose();
  });

  it('runs a front across a long lattice touching only the cells that change', () => {
    const model = identityModel(addition);
    const lattice = addition.encode({ a: '9'.repeat(200_000), b: '1' });
    const result = relaxSparse(compileRule(model, addition), lattice, { rollout: false, maxSteps: 10 });
    // The identity rule never changes anything: a fixed point at step 0, whatever the length.
    expect(result).toMatchObject({ steps: 0, outcome: 'fixed-point', converged: true });
    model.dispose();
  }, 60_000);

  it('is chosen for every model unless dense is asked for', () => {
    const discrete = SeadModel.create(addition, SHAPE, 'discrete', 1);
    const continuous = SeadModel.create(parity, smallFor(parity), 'continuous', 1);
    expect(resolveEngine(discrete)).toBe('sparse');
    expect(resolveEngine(continuous)).toBe('sparse');
    expect(resolveEngine(continuous, 'dense')).toBe('dense');
    expect(() => resolveEngine(discrete, 'fast' as never)).toThrow(/unknown engine "fast"/);
    discrete.dispose();
    continuous.dispose();
  });
});

describe('compiled tables', () => {
  it('certify a model that computes its task’s rule, and name a mismatch otherwise', () => {
    // The identity model keeps every symbol: the reference rule of addition does not.
    const model = identityModel(addition);
    const compiled = compileRule(model, addition);
    expect(compiled.table).toHaveLength(201 ** 3);
    // Radius 1: the centre inside (200 codes), each side inside or beyond the end (201 each).
    expect(compiled.certificate.neighbourhoods).toBe(200 * 201 * 201);
    expect(compiled.certificate.reference?.exact).toBe(false);
    expect(compiled.certificate.reference?.differences).not.toHaveLength(0);
    const identityTask = { ...addition, id: 'addition', rule: { radius: 1, next: (_t: ArrayLike<number>, s: ArrayLike<number>) => s[1] } };
    expect(compileRule(model, identityTask).certificate.reference).toMatchObject({ exact: true, mismatches: 0 });
    model.dispose();
    // Two tables of 8 million entries: seconds on a loaded machine.
  }, 60_000);

  it('equal the network where a run can meet a window, even where an unreachable window is a near-tie', () => {
    // The identity model's weights, the logit of symbol 1 lowered to a tie on every window whose
    // centre holds 1: addition starts every cell at 0, and a table that writes 0 on a tie never
    // makes a 1, so no run meets those windows.
    const identity = identityModel(addition);
    const w = identity.weightArrays();
    w.Wh[0 * 2 + 1] = 2;
    const tiedWhereUnreachable = new SeadModel(identity.config, addition.id, w);
    const unreachable = compileRule(tiedWhereUnreachable, addition).certificate;
    expect(unreachable.minMargin).toBe(0);
    expect(unreachable.tableEqualsNetwork).toBe(true);
    // A tie on every window: runs meet them.
    w.Wh.fill(0);
    w.bh.fill(0);
    const tiedEverywhere = new SeadModel(identity.config, addition.id, w);
    expect(compileRule(tiedEverywhere, addition).certificate.tableEqualsNetwork).toBe(false);
    for (const model of [identity, tiedWhereUnreachable, tiedEverywhere]) model.dispose();
  }, 60_000);

  it('refuse continuous models', () => {
    const model = SeadModel.create(parity, smallFor(parity), 'continuous', 1);
    expect(() => compileRule(model, parity)).toThrow(/only discrete models compile/);
    model.dispose();
  });
});
