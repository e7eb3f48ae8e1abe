import { beforeAll, describe, expect, it } from 'vitest';
import { applyRule, seededRandom, randomInt, type Lattice, type LocalRule } from '@sead/tasks';
import { windowOfKey, type GridTable } from '../compile/grid-table.js';
import { SeadModel } from '../model/model.js';
import { Run } from '../run/run.js';
import { relaxWith } from '../test-models.js';
import { GridTableStepper } from './grid.js';
import type { TaskShape } from '../lattice.js';
import { useBackend } from '../backend.js';

beforeAll(async () => {
  await useBackend('cpu');
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
  const base = tokens * states + 1;
  const positions = (2 * rule.radius + 1) ** 2;
  const filled = new Map<number, number>();
  return {
    radius: rule.radius,
    states,
    base,
    positions,
    filled,
    next(key) {
      const { tokens: t, states: s } = windowOfKey(key, positions, base, states);
      const next = rule.next(t, s);
      filled.set(key, next);
      return next;
    },
  };
}

/** Symbols after every step of a run, from t = 0 to its end. */
function history(run: Run): Uint8Array[] {
  const [result] = run.toEnd();
  return result.history!;
}

describe('the grid table engine', () => {
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
      const run = new Run(() => new GridTableStepper(ruleTable(spread, 2, 2), lattice), [lattice], { record: true, rollout: false });
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
    const [result] = new Run(() => new GridTableStepper(ruleTable(spread, 2, 2), lattice), [lattice], { rollout: false }).toEnd();
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
});
