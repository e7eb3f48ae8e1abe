import { beforeAll, describe, expect, it } from 'vitest';
import { applyRule, seededRandom, randomInt, type Lattice, type LocalRule } from '@sead/tasks';
import { windowOfKey, windowTable, type GridTable } from '../compile/grid-table.js';
import { SeadModel } from '../model/model.js';
import { Run } from '../run/run.js';
import { relaxWith } from '../test-models.js';
import { TableStepper } from './sparse.js';
import type { TaskShape } from '../lattice.js';
import { useBackend } from '../backend.js';
import { registerJsStepKernel } from '../kernels/sead-step-js.js';

beforeAll(async () => {
  await useBackend('cpu');
  // As the package entry does: the dense engine's cpu step, which the sparse network engine repeats.
  registerJsStepKernel('cpu');
});

const gridTask: TaskShape = { id: 'grid-test', dimensions: 2, dynamics: 'fixed-point', inputAlphabet: [[1, 0], [0, 1]], stateSymbols: ['a', 'b', 'c'] };

function randomGrid(rows: number, columns: number, random: () => number, states: number): Lattice {
  const length = rows * columns;
  const tokens = Uint8Array.from({ length }, () => randomInt(random, 0, 1));
  const initialState = Uint8Array.from({ length }, () => randomInt(random, 0, states - 1));
  return { length, columns, tokens, initialState };
}

/** A grid table that asks a reference rule: decodes the key back into the window the rule reads. */
function ruleTable(rule: LocalRule, tokens: number, states: number): GridTable {
  const positions = (2 * rule.radius + 1) ** 2;
  return windowTable(rule.radius, states, tokens, (key) => {
    const { tokens: t, states: s } = windowOfKey(key, positions, tokens * states + 1, states);
    return rule.next(t, s);
  });
}

/** Symbols after every step of a run, from t = 0 to its end. */
function history(run: Run): Uint8Array[] {
  const [result] = run.toEnd();
  return result.history!;
}

describe('the sparse engine on grids', () => {
  // A cell becomes 1 once a cell of its window below-left of it, or itself, holds 1; token 1 cells
  // block the spread. From one seed a wavefront crosses the grid a few cells at a time, so steps
  // recompute only the windows around the changes.
  const spread: LocalRule = {
    radius: 1,
    next: (tokens, states) => (tokens[4] === 1 ? states[4] : states[4] === 1 || states[7] === 1 || states[6] === 1 || states[3] === 1 ? 1 : 0),
  };

  it('steps a wavefront as the reference rule does, step for step', () => {
    const random = seededRandom(12);
    for (const [rows, columns] of [[1, 9], [9, 1], [17, 23], [40, 40]]) {
      const length = rows * columns;
      const tokens = Uint8Array.from({ length }, () => (random() < 0.15 ? 1 : 0));
      const initialState = new Uint8Array(length);
      initialState[length - 1 - randomInt(random, 0, Math.min(columns, 3) - 1)] = 1;
      const lattice: Lattice = { length, columns, tokens, initialState };
      const run = new Run(() => new TableStepper(ruleTable(spread, 2, 2), lattice), [lattice], { record: true, rollout: false });
      const steps = history(run);
      let expected: Uint8Array = initialState;
      for (const got of steps.slice(1)) {
        expected = applyRule(spread, tokens, expected, columns);
        expect(got).toEqual(expected);
      }
      // At rest: one more step changes nothing.
      expect(applyRule(spread, tokens, expected, columns)).toEqual(expected);
    }
  });

  it('recomputes only around the changes once the wavefront is under way', () => {
    const length = 60 * 60;
    const initialState = new Uint8Array(length);
    initialState[length - 60] = 1; // bottom-left: the spread reaches every cell from there
    const lattice: Lattice = { length, columns: 60, tokens: new Uint8Array(length), initialState };
    const [result] = new Run(() => new TableStepper(ruleTable(spread, 2, 2), lattice), [lattice], { rollout: false }).toEnd();
    expect(result.outcome).toBe('fixed-point');
    expect(result.symbols.every((s) => s === 1)).toBe(true);
    // Every cell recomputed at each of the run's steps would be length × steps.
    expect(result.updates).toBeLessThan((length * result.steps) / 4);
  });

  it('equals the dense engine step for step on random models and grids', () => {
    const random = seededRandom(5);
    const changedSteps: number[] = [];
    for (let trial = 0; trial < 6; trial++) {
      const model = SeadModel.create(gridTask, { channels: 3, embedding: 2, hidden: 5, radius: 1 }, 'discrete', 100 + trial);
      const [rows, columns] = [randomInt(random, 1, 8), randomInt(random, 1, 8)];
      const lattices = [randomGrid(rows, columns, random, 3), randomGrid(rows, columns, random, 3)];
      const options = { record: true, maxSteps: 40 };
      const dense = relaxWith('dense', model, gridTask, lattices, options);
      const sparse = relaxWith('sparse', model, gridTask, lattices, options);
      for (let b = 0; b < lattices.length; b++) {
        expect(sparse[b].history).toEqual(dense[b].history);
        expect(sparse[b].outcome).toBe(dense[b].outcome);
        expect(sparse[b].steps).toBe(dense[b].steps);
        changedSteps.push(dense[b].steps);
      }
      model.dispose();
    }
    // The models moved: the comparison covers steps that changed cells, not only resting grids.
    expect(Math.max(...changedSteps)).toBeGreaterThan(2);
  });

  // Rules that mostly keep a cell as it is, so that few cells change per step and the steps walk
  // the lists of changes (rows above and below included), at radius 1 and 2 and on grids whose
  // edges the windows cross.
  it.each([
    [1, 2, 3, 23, 31],
    [1, 2, 3, 1, 200],
    [1, 2, 3, 200, 1],
    [2, 1, 2, 19, 26],
  ])('steps random mostly-still rules as the definition does (radius %i, %i tokens, %i states, %i × %i)', (radius, tokens, states, rows, columns) => {
    let listed = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const random = seededRandom(seed);
      const rule: LocalRule = {
        radius,
        next: (t, s) => {
          // A fixed hash of the window: moves about one window in eight.
          let h = seed;
          for (let k = 0; k < s.length; k++) h = Math.imul(h ^ (s[k] + 2 + 3 * (t[k] + 1)), 0x9e3779b1) >>> 0;
          return (h >>> 29) === 0 ? (h >>> 3) % states : s[(s.length - 1) / 2];
        },
      };
      const lattice = randomGrid(rows, columns, random, states);
      lattice.tokens.forEach((_, k) => (lattice.tokens[k] = randomInt(random, 0, tokens - 1)));
      const run = new Run(() => new TableStepper(ruleTable(rule, tokens, states), lattice), [lattice], { record: true, rollout: false, maxSteps: 80 });
      const [result] = run.toEnd();
      let expected: Uint8Array = lattice.initialState!;
      for (const got of result.history!.slice(1)) {
        expected = applyRule(rule, lattice.tokens, expected, columns);
        expect(got).toEqual(expected);
      }
      // At rest, one more step changes nothing (a cycle's run ends where the state repeats).
      if (result.outcome === 'fixed-point') expect(applyRule(rule, lattice.tokens, expected, columns)).toEqual(expected);
      // Steps that recomputed fewer cells than the grid's: they walked the lists of changes.
      listed += rows * columns * (result.steps + 1) - result.updates;
    }
    expect(listed).toBeGreaterThan(0);
  });

  it('steps continuous models on grids as the dense engine does, step for step', () => {
    const random = seededRandom(9);
    let skipped = 0;
    for (let trial = 0; trial < 6; trial++) {
      const radius = 1 + (trial % 2);
      // Weights scaled up saturate σ: cells settle bit for bit at different steps.
      const drawn = SeadModel.create(gridTask, { channels: 3, embedding: 2, hidden: 4, radius }, 'continuous', 300 + trial);
      const arrays = drawn.weightArrays();
      for (const values of Object.values(arrays)) for (let k = 0; k < values.length; k++) values[k] *= 6;
      const model = new SeadModel(drawn.config, drawn.taskId, arrays);
      drawn.dispose();
      const [rows, columns] = trial < 2 ? [randomInt(random, 1, 12), randomInt(random, 1, 12)] : [randomInt(random, 16, 30), randomInt(random, 16, 30)];
      const lattice = randomGrid(rows, columns, random, 3);
      const options = { record: true, maxSteps: 60 };
      const [dense] = relaxWith('dense', model, gridTask, [lattice], options);
      const [sparse] = relaxWith('sparse', model, gridTask, [lattice], options);
      expect(sparse.history).toEqual(dense.history);
      expect([sparse.outcome, sparse.steps]).toEqual([dense.outcome, dense.steps]);
      skipped += rows * columns * (dense.steps + 1) - sparse.updates;
      model.dispose();
    }
    // Some steps left settled cells alone: the lists of changes were walked.
    expect(skipped).toBeGreaterThan(0);
  });
});
