import { beforeAll, describe, expect, it } from 'vitest';
import { predict, SeadModel } from '@sead/core';
import { addition, applyRule, parity, rule110, seededRandom, type Task } from '@sead/tasks';
import { traceRun } from './trace.js';
import { cpu, frozenModel, randomModel, shippedModel } from './test-models.js';

beforeAll(cpu);

/** The grid of an unpooled trace, row by row, as symbols (each block holds one point). */
function rowsOf(grid: ReturnType<typeof traceRun>['grid']): number[][] {
  expect(grid.cellsPerColumn).toBe(1);
  expect(grid.rowsPerBlock).toBe(1);
  return Array.from({ length: grid.blockRows }, (_, t) =>
    Array.from({ length: grid.columns }, (_, i) => {
      const block = grid.counts.subarray((t * grid.columns + i) * grid.symbols, (t * grid.columns + i + 1) * grid.symbols);
      expect(block.reduce((a, b) => a + b, 0)).toBe(1);
      return block.indexOf(1);
    }),
  );
}

const tasks: Task<any, any>[] = [parity, addition, rule110];

describe('traceRun', () => {
  it("replays every step the core's engines record, on random models of every task and both engines", () => {
    for (const task of tasks) {
      for (let seed = 1; seed <= (task === addition ? 3 : 6); seed++) {
        const model = randomModel(task, seed);
        const random = seededRandom(seed);
        for (const length of [1, 2, 5, 13]) {
          const instance = task.random(length, random);
          const recorded = predict(model, task, instance, { record: true, engine: 'dense' });
          for (const engine of ['sparse', 'dense'] as const) {
            const trace = traceRun(model, task, instance, { engine, maxRows: 10_000 });
            expect(rowsOf(trace.grid), `${task.id} seed ${seed} L ${length} ${engine}`).toEqual(recorded.run.history!.map((row) => [...row]));
            expect(trace).toMatchObject({ steps: recorded.steps, outcome: recorded.outcome, converged: recorded.converged, engine });
            expect(task.equal(trace.output, recorded.output)).toBe(true);
          }
        }
        model.dispose();
      }
    }
  });

  it('draws the carry wave of 99…9 + 1 as a diagonal: cell i carries from step i + 1 on', () => {
    const model = shippedModel(addition);
    const trace = traceRun(model, addition, { a: '9'.repeat(12), b: '1' });
    expect(trace).toMatchObject({ steps: 12, outcome: 'fixed-point', correct: true, reference: 'targets', wrongPoints: 0, firstWrong: null });
    expect(rowsOf(trace.grid)).toEqual(Array.from({ length: 13 }, (_, t) => Array.from({ length: 13 }, (_, i) => (i < t && i < 12 ? 1 : 0))));
    model.dispose();
  });

  it("marks exactly the cells of a wrong model's settled row that differ from the task's targets", () => {
    const model = frozenModel(addition);
    const instance = { a: '95', b: '17' }; // carries 1, 1, 0 from the least significant digit
    const trace = traceRun(model, addition, instance);
    expect(trace).toMatchObject({ steps: 0, outcome: 'fixed-point', correct: false, reference: 'targets', wrongPoints: 2, firstWrong: { step: 0, cell: 0 } });
    expect([...trace.grid.wrong]).toEqual([1, 1, 0]);
    expect([...trace.grid.lastRow.wrong]).toEqual([1, 1, 0]);
    model.dispose();
  });

  it("marks exactly the points of a rollout that leave the reference rule's trajectory", () => {
    for (const model of [frozenModel(rule110), randomModel(rule110, 3)]) {
      const instance = { cells: '0001011001', steps: 9 };
      const lattice = rule110.encode(instance);
      const trace = traceRun(model, rule110, instance);
      const history = predict(model, rule110, instance, { record: true }).run.history!;
      let reference = lattice.initialState!;
      const expected: number[] = [];
      history.forEach((row, t) => {
        if (t > 0) reference = applyRule(rule110.rule!, lattice.tokens, reference);
        row.forEach((s, i) => expected.push(s === reference[i] ? 0 : 1));
      });
      expect(trace.reference).toBe('trajectory');
      expect([...trace.grid.wrong]).toEqual(expected);
      expect(trace.wrongPoints).toBe(expected.reduce((a, b) => a + b, 0));
      expect(trace.wrongPoints).toBeGreaterThan(0);
      model.dispose();
    }
  });

  it('compares with nothing when asked not to', () => {
    const model = frozenModel(addition);
    const trace = traceRun(model, addition, { a: '95', b: '17' }, { reference: false });
    expect(trace).toMatchObject({ reference: null, wrongPoints: 0, correct: false });
    expect([...trace.grid.wrong]).toEqual([0, 0, 0]);
    model.dispose();
  });

  it('records the channels of a continuous model beside the symbols of its run', () => {
    const model = randomModel(parity, 4, 'continuous');
    const instance = { bits: '0110' };
    const trace = traceRun(model, parity, instance);
    const recorded = predict(model, parity, instance, { record: true });
    // Auto runs continuous models on the sparse engine too; both engines record the same run.
    expect(trace.engine).toBe('sparse');
    expect(rowsOf(trace.grid)).toEqual(recorded.run.history!.map((row) => [...row]));
    expect(rowsOf(traceRun(model, parity, instance, { engine: 'dense' }).grid)).toEqual(rowsOf(trace.grid));
    const sums = trace.grid.channelSums as Float64Array;
    expect(trace.grid.channels).toBe(3);
    expect([...sums.subarray(0, 12)]).toEqual(new Array(12).fill(0.5)); // h_0 = ½ everywhere
    expect(sums.every((v) => v >= 0 && v <= 1)).toBe(true);
    model.dispose();
  });

  it('holds a dense run to its bound on cell updates, and refuses a model of another task', () => {
    const model = randomModel(parity, 1);
    const trace = traceRun(model, parity, { bits: '1'.repeat(300) }, { engine: 'dense', maxUpdates: 3000 });
    expect(trace).toMatchObject({ outcome: 'update-cap', converged: false, correct: false, steps: 10 });
    expect(trace.grid.rows).toBe(11);
    expect(() => traceRun(model, addition, { a: '1', b: '2' })).toThrow(/trained for task "parity"/);
    model.dispose();
  });

  it('draws a run of a million cells and a million steps in a bounded grid without keeping its history', () => {
    const model = shippedModel(addition);
    const L = 1_000_000;
    const before = process.memoryUsage().rss;
    const trace = traceRun(model, addition, { a: '9'.repeat(L), b: '1' });
    const grown = process.memoryUsage().rss - before;
    expect(trace).toMatchObject({ steps: L, correct: true, wrongPoints: 0 });
    const { grid } = trace;
    expect(grid.columns).toBeLessThanOrEqual(1000);
    expect(grid.blockRows).toBeLessThanOrEqual(1000);
    expect(grid.rows).toBe(L + 1);
    // Holding the history would take 10¹² bytes; the lattice, the table and the grid take megabytes.
    expect(grown).toBeLessThan(512 * 1024 * 1024);
    // Every point is counted once.
    expect(grid.counts.reduce((a, b) => a + b, 0)).toBe((L + 1) * (L + 1));
    // The front: block row b holds steps [b·R, (b+1)·R), where cells below the step carry.
    for (let b = 0; b < grid.blockRows; b += 37) {
      const middle = (b + 0.5) * grid.rowsPerBlock;
      const carrying = Array.from({ length: grid.columns }, (_, j) => grid.counts[(b * grid.columns + j) * 2 + 1] > 0);
      const front = carrying.lastIndexOf(true);
      expect(Math.abs(front - middle / grid.cellsPerColumn)).toBeLessThanOrEqual(2);
    }
    model.dispose();
  });
});
