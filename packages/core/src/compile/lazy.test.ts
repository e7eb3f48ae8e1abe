import { beforeAll, describe, expect, it } from 'vitest';
import { addition, parity, seededRandom, type Lattice } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { TableStepper, type StepTable } from '../engines/sparse.js';
import { SeadModel } from '../model/model.js';
import { Run } from '../run/run.js';
import { SMALL, smallFor } from '../test-models.js';
import { compileRule } from './compile.js';
import { compiledRule, LAZY_ABOVE, runTable } from './compiled-rule.js';
import { lazyTable, UNKNOWN } from './lazy.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** A run of a lattice on a step table to its end, as the sparse engine runs it. */
const runOn = (table: StepTable, lattice: Lattice) => new Run(([l]) => new TableStepper(table, l), [lattice], { rollout: false, maxSteps: 2 * lattice.length + 64 }).toEnd()[0];

describe('lazy tables', () => {
  it("fill each entry with the compiled table's, for random weights", () => {
    for (const [task, seed] of [[parity, 1], [addition, 2], [addition, 3]] as const) {
      const model = SeadModel.create(task, task === parity ? smallFor(parity) : SMALL, 'discrete', seed);
      const compiled = compileRule(model, task);
      const lazy = lazyTable(model, task);
      const random = seededRandom(seed);
      const indices = compiled.table.length < 100_000 ? compiled.table.keys() : Array.from({ length: 100_000 }, () => Math.floor(random() * compiled.table.length));
      let differ = 0;
      for (const index of indices) if (lazy.fill(index) !== compiled.table[index]) differ++;
      expect(differ).toBe(0);
      model.dispose();
    }
  });

  it('run as the compiled table runs, filling only the windows runs meet', () => {
    const model = SeadModel.create(addition, SMALL, 'discrete', 4);
    const lazy = lazyTable(model, addition);
    const compiled = compileRule(model, addition);
    const lazyStep: StepTable = { classOf: lazy.classOf, table: lazy.table, fill: lazy.fill, radius: 1, states: 2 };
    const compiledStep: StepTable = { classOf: lazy.classOf, table: compiled.table, radius: 1, states: 2 };
    const random = seededRandom(5);
    for (const length of [1, 5, 40, 300]) {
      const lattice = addition.encode(addition.random(length, random));
      expect(runOn(lazyStep, lattice)).toEqual(runOn(compiledStep, lattice));
    }
    expect(lazy.filled).toBeGreaterThan(0);
    expect(lazy.filled).toBeLessThan(compiled.table.length / 100);
    expect(lazy.table.filter((v) => v !== UNKNOWN)).toHaveLength(lazy.filled);
    model.dispose();
  });
});

describe('the table a sparse run steps with', () => {
  it('is compiled when small, filled lazily when large, and compiled once runs have filled an eighth of it', () => {
    const small = SeadModel.create(parity, smallFor(parity), 'discrete', 1);
    expect(runTable(small, parity).fill).toBeUndefined();
    small.dispose();

    const model = SeadModel.create(addition, SMALL, 'discrete', 6);
    const first = runTable(model, addition);
    expect(first.table.length).toBeGreaterThan(LAZY_ABOVE);
    expect(first.fill).toBeDefined();
    // The same lazy table again: what one run filled, the next finds.
    const again = runTable(model, addition);
    expect(again.table).toBe(first.table);
    for (let index = 0; index <= first.table.length / 8; index++) first.fill!(index);
    const later = runTable(model, addition);
    expect(later.fill).toBeUndefined();
    expect(later.table.length).toBeLessThan(first.table.length);
    model.dispose();
  }, 60_000);

  it('is compiled for a lattice of a sixteenth of its size or more, where filling it would cost more', () => {
    const model = SeadModel.create(addition, SMALL, 'discrete', 8);
    const size = 201 ** 3;
    expect(runTable(model, addition, {}, Math.ceil(size / 16) - 1).fill).toBeDefined();
    expect(runTable(model, addition, {}, Math.ceil(size / 16)).fill).toBeUndefined();
    model.dispose();
  }, 60_000);

  it('is the compiled one when the model was compiled already', () => {
    const model = SeadModel.create(addition, SMALL, 'discrete', 7);
    compiledRule(model, addition);
    expect(runTable(model, addition).fill).toBeUndefined();
    model.dispose();
  }, 60_000);
});
