import { addition, parity, rule110 } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { gridRuns, gridShapes, gridSize, runKey, shapeText, shardOf, type SweepGrid } from './grid.js';

const grid: SweepGrid = { task: 'parity', features: ['default'], embedding: [2, 1], hidden: [4, 2], radius: [1, 2], regimes: ['chaos', 'relax-ignore-rule'], seeds: 3, budget: { maxSeconds: 1, maxIterations: null } };

describe('the sweep grid', () => {
  it('holds every shape × regime × seed once, smallest shape first, with the task\'s channels', () => {
    const runs = gridRuns(parity, grid);
    expect(runs).toHaveLength(gridSize(grid));
    expect(new Set(runs.map(runKey)).size).toBe(runs.length);
    expect(runs.every((r) => r.shape.channels === parity.stateSymbols.length)).toBe(true);
    const params = runs.map((r) => r.params);
    expect(params).toEqual([...params].sort((a, b) => a - b));
    expect(runs[0]).toMatchObject({ shape: { embedding: 1, hidden: 2, radius: 1 }, regime: 'chaos', seed: 1 });
    expect(gridRuns(rule110, grid)[0].shape.channels).toBe(2);
  });

  it('deals shards that together hold every run exactly once, in any count', () => {
    const runs = gridRuns(parity, grid);
    for (const count of [1, 2, 5, runs.length, runs.length + 3]) {
      const shards = Array.from({ length: count }, (_, k) => shardOf(runs, k + 1, count));
      expect(shards.flat().map(runKey).sort()).toEqual(runs.map(runKey).sort());
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardOf(runs, 2, 3)).toEqual(shardOf(runs, 2, 3));
  });

  it('crosses the shapes with the feature sets given, each counted at its own width', () => {
    const withSets: SweepGrid = { ...grid, task: 'addition', features: ['default', 'digit-sum', 'one-hot'], radius: [1] };
    const shapes = gridShapes(addition, withSets);
    expect(shapes).toHaveLength(3 * 2 * 2);
    // E·F of the embedding: 3, 2 and 20 features for one shape.
    const e1h2 = (features: string) => shapes.find((s) => s.features === features && s.shape.embedding === 1 && s.shape.hidden === 2)!.params;
    expect(e1h2('default') - e1h2('digit-sum')).toBe(1);
    expect(e1h2('one-hot') - e1h2('default')).toBe(17);
    const runs = gridRuns(addition, withSets);
    expect(runs).toHaveLength(gridSize(withSets));
    expect(new Set(runs.map(runKey)).size).toBe(runs.length);
    expect(runs[0]).toMatchObject({ features: 'digit-sum', shape: { embedding: 1, hidden: 2 } });
    // The task's own set keeps the key and the name it had before sweeps had this axis.
    expect(runKey(gridRuns(parity, grid)[0])).toBe('parity|C3 E1 H2 r1|chaos|1');
    expect(shapeText(runs[0].shape, runs[0].features)).toBe('C2 E1 H2 r1 (digit-sum)');
  });
});
