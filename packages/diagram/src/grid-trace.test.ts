import { beforeAll, describe, expect, it } from 'vitest';
import { predict } from '@sead/core';
import { addition, applyRule, multiplication, randomInt, seededRandom, type MultiplicationInstance } from '@sead/tasks';
import { traceGrid } from './grid-trace.js';
import { traceRun } from './trace.js';
import { changedCells } from './test-histories.js';
import { cpu, randomModel, shippedModel } from './test-models.js';

beforeAll(cpu);

/** The task's reference rule run from the start state until nothing changes: every step's symbols. */
function ruleHistory(instance: MultiplicationInstance): Uint8Array[] {
  const lattice = multiplication.encode(instance);
  const history: Uint8Array[] = [new Uint8Array(lattice.length)];
  for (;;) {
    const next = applyRule(multiplication.rule!, lattice.tokens, history[history.length - 1], lattice.columns);
    if (changedCells([history[history.length - 1], next], 1).length === 0) return history;
    history.push(next);
  }
}

/** By brute force: the last step each cell changed at (0: never). */
function lastChanges(history: readonly Uint8Array[]): number[] {
  const last = new Array<number>(history[0].length).fill(0);
  for (let t = 1; t < history.length; t++) for (const i of changedCells(history, t)) last[i] = t;
  return last;
}

/** The end state's symbols of an unpooled map, cell by cell. */
function endSymbols(counts: Float64Array, symbols: number): number[] {
  return Array.from({ length: counts.length / symbols }, (_, k) => counts.subarray(k * symbols, (k + 1) * symbols).indexOf(1));
}

describe('traceGrid', () => {
  it("colours each cell of a product by the step the task's rule settles it at, on both engines", () => {
    const model = shippedModel(multiplication);
    const random = seededRandom(3);
    for (let trial = 0; trial < 12; trial++) {
      const bits = (n: number) => Array.from({ length: n }, () => randomInt(random, 0, 1)).join('');
      const instance = { a: bits(randomInt(random, 1, 9)), b: bits(randomInt(random, 1, 9)) };
      const history = ruleHistory(instance);
      const rows = instance.a.length;
      const columns = instance.b.length;
      for (const engine of ['sparse', 'dense'] as const) {
        const trace = traceGrid(model, multiplication, instance, { engine });
        const label = `${instance.a} × ${instance.b} ${engine}`;
        expect(trace, label).toMatchObject({ steps: history.length - 1, outcome: 'fixed-point', correct: true, reference: 'targets', wrongCells: 0, firstWrong: null });
        expect(trace.map.cellsPerBlock).toBe(1);
        expect([...trace.map.lastChange], label).toEqual(lastChanges(history));
        expect(endSymbols(trace.map.counts, 5), label).toEqual([...history[history.length - 1]]);
        // The wavefront the task describes: cell (p, q), counted from the least significant bits,
        // settles at step 2p + q + 1 (p + 1 in a single column).
        for (let i = 0; i < rows * columns; i++) {
          const p = rows - 1 - Math.floor(i / columns);
          const q = columns - 1 - (i % columns);
          expect(trace.map.lastChange[i], `${label} cell ${i}`).toBe(columns > 1 ? 2 * p + q + 1 : p + 1);
        }
        expect(trace).toMatchObject({ input: instance, answer: multiplication.solve(instance), expectedAnswer: multiplication.solve(instance) });
      }
    }
    model.dispose();
  });

  it('records what the core records, step for step, for untrained models that settle wrong or cycle', () => {
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      const model = randomModel(multiplication, seed);
      const random = seededRandom(seed);
      for (let trial = 0; trial < 4; trial++) {
        const instance = multiplication.random(randomInt(random, 1, 6), random);
        const recorded = predict(model, multiplication, instance, { record: true, engine: 'dense' });
        const history = recorded.run.history!;
        const targets = multiplication.cellTargets!(instance);
        const end = history[history.length - 1];
        const wrong = [...end].filter((s, i) => s !== targets[i]).length;
        outcomes.add(recorded.outcome);
        for (const engine of ['sparse', 'dense'] as const) {
          const trace = traceGrid(model, multiplication, instance, { engine });
          const label = `seed ${seed} ${instance.a} × ${instance.b} ${engine}`;
          expect(trace, label).toMatchObject({ steps: recorded.steps, outcome: recorded.outcome, converged: recorded.converged, wrongCells: wrong });
          expect([...trace.map.lastChange], label).toEqual(lastChanges(history));
          expect(endSymbols(trace.map.counts, 5), label).toEqual([...end]);
          expect([...trace.map.wrong], label).toEqual([...end].map((s, i) => (s === targets[i] ? 0 : 1)));
          expect(trace.answer).toBe(recorded.output);
        }
      }
      model.dispose();
    }
    // Cycles are seen past where they closed, and drawn again up to it.
    expect([...outcomes].sort()).toEqual(['cycle', 'fixed-point', 'step-cap']);
  });

  it('pools a large product into square blocks and keeps its wavefront', () => {
    const model = shippedModel(multiplication);
    const n = 300;
    const instance = { a: '1'.repeat(n), b: '1'.repeat(n) };
    const trace = traceGrid(model, multiplication, instance, { maxRows: 40, maxColumns: 40 });
    const { map } = trace;
    expect(trace).toMatchObject({ correct: true, steps: 3 * n - 2, wrongCells: 0 });
    expect(map).toMatchObject({ cellsPerBlock: 8, blockRows: 38, blockColumns: 38 });
    // A block settles with its last cell: the top-left one, the furthest from the bottom-right corner.
    for (let by = 0; by < map.blockRows; by++) {
      for (let bx = 0; bx < map.blockColumns; bx++) {
        const p = n - 1 - by * 8;
        const q = n - 1 - bx * 8;
        expect(map.lastChange[by * map.blockColumns + bx]).toBe(2 * p + q + 1);
      }
    }
    model.dispose();
  });

  it('compares with nothing when asked not to, and refuses rows and models of other tasks', () => {
    const model = randomModel(multiplication, 2);
    const trace = traceGrid(model, multiplication, { a: '101', b: '11' }, { reference: false });
    expect(trace).toMatchObject({ reference: null, wrongCells: 0, firstWrong: null });
    expect(trace.map.wrong.every((w) => w === 0)).toBe(true);
    expect(() => traceGrid(model, addition, { a: '1', b: '2' })).toThrow(/task "addition" lays its lattices out as rows: draw its runs with traceRun/);
    expect(() => traceRun(model, multiplication, { a: '1', b: '1' })).toThrow(/task "multiplication" lays its lattices out as grids: draw its runs with traceGrid/);
    const row = randomModel(addition, 1);
    expect(() => traceGrid(row, multiplication, { a: '1', b: '1' })).toThrow(/trained for task "addition"/);
    row.dispose();
    model.dispose();
  });
});
