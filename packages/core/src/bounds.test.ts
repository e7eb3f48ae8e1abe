import { beforeAll, describe, expect, it } from 'vitest';
import { addition, parity, rule110 } from '@sead/tasks';
import { useBackend } from './backend.js';
import { BoundError, checkRunCost, countText, DEFAULT_MAX_COMPILE_WORK } from './bounds.js';
import { compileRule, compileWork, tableSize } from './compile/compile.js';

import { SeadModel } from './model/model.js';
import { flipModel, identityModel, relax, relaxWith, SMALL, smallFor } from './test-models.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('bounds on runs', () => {
  it('refuses a rollout whose cells × steps are over the bound, on either engine, before running it', () => {
    const model = SeadModel.create(rule110, SMALL, 'discrete', 3);
    const lattice = rule110.encode({ cells: '0110', steps: 10 });
    for (const engine of ['dense', 'sparse'] as const) {
      expect(() => relaxWith(engine, model, rule110, [lattice], { maxUpdates: 39 })).toThrow(BoundError);
      expect(() => relaxWith(engine, model, rule110, [lattice], { maxUpdates: 39 })).toThrow(/^a rollout of 4 cells × 10 steps is 40 cell updates, more than the bound of 39$/);
      expect(relaxWith(engine, model, rule110, [lattice], { maxUpdates: 40 })[0]).toMatchObject({ outcome: 'rollout', steps: 10 });
    }
    model.dispose();
  });

  it('says it in a line, with large counts in exponent form', () => {
    expect(() => checkRunCost(1e7, 1e7, 1e10)).toThrow(/^a rollout of 1e7 cells × 1e7 steps is 1e14 cell updates, more than the bound of 1e10$/);
    expect(() => checkRunCost(5, undefined, 4)).toThrow(/^a lattice of 5 cells needs 5 cell updates for its first step/);
    expect(countText(4096)).toBe('4,096');
    expect(countText(2.5e9)).toBe('2.5e9');
  });

  it('stops a fixed-point run that reaches the bound, dense and sparse alike', () => {
    // The flip model never settles; a 2-cell lattice may compute 2 updates: one step.
    const model = flipModel();
    const lattice = addition.encode({ a: '5', b: '5' });
    for (const engine of ['dense', 'sparse'] as const) {
      const free = relaxWith(engine, model, addition, [lattice])[0];
      expect(free).toMatchObject({ outcome: 'cycle', steps: 2 });
      // The sparse engine sees a cycle some steps after it closes, and counts those steps too.
      expect(free.updates).toBeGreaterThanOrEqual(4);
      const capped = relaxWith(engine, model, addition, [lattice], { maxUpdates: 2 })[0];
      expect(capped).toMatchObject({ outcome: 'update-cap', converged: false, steps: 1, updates: 2 });
      expect(Array.from(capped.symbols)).toEqual([1, 1]);
    }
    model.dispose();
  });

  it('bounds continuous runs, dense and sparse', () => {
    const model = SeadModel.create(parity, smallFor(parity), 'continuous', 2);
    const lattice = parity.encode({ bits: '0110100111' });
    for (const engine of ['dense', 'sparse'] as const) {
      const free = relaxWith(engine, model, parity, [lattice])[0];
      expect(free.updates).toBeGreaterThan(10);
      const capped = relaxWith(engine, model, parity, [lattice], { maxUpdates: 10 })[0];
      expect(capped).toMatchObject({ outcome: 'update-cap', converged: false, steps: 1, updates: 10 });
    }
    model.dispose();
  });

  it('counts the dense engine’s every cell of every step it computed', () => {
    // The identity is at its fixed point at once: one step (4 cells) shows nothing changes.
    const model = identityModel();
    expect(relax(model, addition, addition.encode({ a: '123', b: '4' }))).toMatchObject({ outcome: 'fixed-point', steps: 0, updates: 4 });
    model.dispose();
  });
});

describe('bounds on compiling', () => {
  it('estimates the work from the table size and the network, and refuses over the bound before any work', () => {
    const model = SeadModel.create(addition, { ...SMALL, hidden: 64 }, 'discrete', 1);
    const size = tableSize(100, 2, 1);
    expect(compileWork(model.config, addition)).toBe(size * 64 * (64 + 2 + 1));
    const started = performance.now();
    expect(() => compileRule(model, addition)).toThrow(BoundError);
    expect(() => compileRule(model, addition)).toThrow(/^compiling the table takes 8\.12e6 table entries × 4,288 multiply-adds = 3\.48e10, more than the bound of 2e9$/);
    expect(performance.now() - started).toBeLessThan(1000);
    // The shipped model's shape compiles well within the default bound.
    expect(compileWork({ hidden: 4, radius: 1 }, addition)).toBeLessThan(DEFAULT_MAX_COMPILE_WORK / 8);
    model.dispose();
  });

  it('compiles within a bound given, and refuses a table too large to hold', () => {
    const model = SeadModel.create(parity, smallFor(parity), 'discrete', 1);
    expect(() => compileRule(model, parity, { maxCompileWork: 10 })).toThrow(/more than the bound of 10$/);
    expect(compileRule(model, parity, { maxCompileWork: compileWork(model.config, parity) }).table.length).toBe(tableSize(2, 3, 1));
    model.dispose();
    const wide = SeadModel.create(addition, { ...SMALL, radius: 3 }, 'discrete', 1);
    expect(() => compileRule(wide, addition, { maxCompileWork: Infinity })).toThrow(/is too large to compile \(at most 6\.71e7\)$/);
    wide.dispose();
  });
});
