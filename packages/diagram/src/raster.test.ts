import { beforeAll, describe, expect, it } from 'vitest';
import { predict } from '@sead/core';
import { addition, parity, rule110, seededRandom } from '@sead/tasks';
import { GAP_COLOUR, mix, symbolColour, WRONG_COLOUR, type Rgb } from './colours.js';
import { GridBuilder } from './grid.js';
import { layout } from './layout.js';
import { decodePng, encodePng } from './png.js';
import { renderRaster, type Raster } from './raster.js';
import { traceRun, type Trace } from './trace.js';
import { cpu, frozenModel, shippedModel } from './test-models.js';

beforeAll(cpu);

function pixel(raster: Raster, x: number, y: number): Rgb {
  const p = (y * raster.width + x) * 4;
  expect(raster.data[p + 3]).toBe(255);
  return [raster.data[p], raster.data[p + 1], raster.data[p + 2]];
}

/** The colour at the centre of the block of (step t, cell i) of the first panel. */
function blockPixel(raster: Raster, trace: Trace, t: number, i: number): Rgb {
  const plan = layout(trace);
  return pixel(raster, i * plan.blockWidth + (plan.blockWidth >> 1), t * plan.blockHeight + (plan.blockHeight >> 1));
}

/** A trace around a hand-built grid, for pictures of runs no model needs to make. */
function syntheticTrace(grid: GridBuilder, dynamics: 'fixed-point' | 'rollout' = 'rollout'): Trace {
  return {
    task: { id: 'synthetic', stateSymbols: ['0', '1', '2'].slice(0, grid.symbols), dynamics },
    grid: grid.finish(),
    engine: 'sparse',
    steps: grid.rows - 1,
    outcome: 'rollout',
    converged: true,
    output: '',
    expected: '',
    correct: true,
    reference: null,
    wrongPoints: 0,
    firstWrong: null,
  };
}

describe('renderRaster', () => {
  it('colours every cell of every step by its symbol', () => {
    const model = shippedModel(parity);
    const instance = parity.random(24, seededRandom(3));
    const trace = traceRun(model, parity, instance);
    const history = predict(model, parity, instance, { record: true }).run.history!;
    const raster = renderRaster(trace);
    const plan = layout(trace);
    expect(plan.blockWidth).toBe(plan.blockHeight);
    history.forEach((row, t) => row.forEach((s, i) => expect(blockPixel(raster, trace, t, i), `t=${t} i=${i}`).toEqual(symbolColour(s))));
    expect(new Set(history.flatMap((row) => [...row]))).toEqual(new Set([0, 1, 2]));
    model.dispose();
  });

  it('shows the carry wave of 99…9 + 1 as a diagonal, and its settled row under it', () => {
    const model = shippedModel(addition);
    const trace = traceRun(model, addition, { a: '9'.repeat(20), b: '1' });
    const raster = renderRaster(trace);
    const plan = layout(trace);
    for (let t = 0; t <= 20; t++) {
      for (let i = 0; i <= 20; i++) expect(blockPixel(raster, trace, t, i)).toEqual(symbolColour(i < t && i < 20 ? 1 : 0));
    }
    const band = plan.band!;
    expect(raster.height).toBe(band.top + band.height);
    for (let i = 0; i <= 20; i++) expect(pixel(raster, i * plan.blockWidth + 1, band.top + 1)).toEqual(symbolColour(i < 20 ? 1 : 0));
    expect(pixel(raster, 0, band.top - 1)).toEqual(GAP_COLOUR);
    model.dispose();
  });

  it('paints exactly the wrong cells red, in the diagram and in the settled band', () => {
    const model = frozenModel(addition);
    const trace = traceRun(model, addition, { a: '9905', b: '95' }); // carries 1, 1, 1, 1, 0
    const raster = renderRaster(trace);
    const plan = layout(trace);
    const wrong = [true, true, true, true, false];
    wrong.forEach((w, i) => {
      expect(blockPixel(raster, trace, 0, i)).toEqual(w ? WRONG_COLOUR : symbolColour(0));
      expect(pixel(raster, i * plan.blockWidth + 1, plan.band!.top + 1)).toEqual(w ? WRONG_COLOUR : symbolColour(0));
    });
    const plain = renderRaster(trace, { overlay: false });
    wrong.forEach((_, i) => expect(blockPixel(plain, trace, 0, i)).toEqual(symbolColour(0)));
    model.dispose();
  });

  it('marks every wrong point of a rollout and nothing else', () => {
    const model = frozenModel(rule110);
    const instance = { cells: '00000000001', steps: 10 };
    const trace = traceRun(model, rule110, instance);
    const raster = renderRaster(trace);
    const { grid } = trace;
    for (let t = 0; t < grid.blockRows; t++) {
      for (let i = 0; i < grid.columns; i++) {
        const wrong = grid.wrong[t * grid.columns + i] > 0;
        const expected = wrong ? WRONG_COLOUR : symbolColour(i === 10 ? 1 : 0);
        expect(blockPixel(raster, trace, t, i)).toEqual(expected);
      }
    }
    expect(trace.wrongPoints).toBeGreaterThan(10);
    model.dispose();
  });

  it('pools a long run to the mean colour of each block, but keeps a lone moving cell visible', () => {
    // 10,000 cells of symbol 0, one cell of symbol 1 moving right one cell a step, for 9,999 steps.
    const L = 10_000;
    const grid = new GridBuilder(L, 2, { maxColumns: 500, maxRows: 500 });
    grid.begin(Uint8Array.from({ length: L }, (_, i) => (i === 0 ? 1 : 0)));
    for (let t = 1; t < L; t++) grid.change([t - 1, t], [0, 1]);
    const trace = syntheticTrace(grid);
    const raster = renderRaster(trace);
    expect(raster.width).toBeLessThanOrEqual(1000);
    expect(raster.height).toBeLessThanOrEqual(1000);
    const plan = layout(trace);
    const g = trace.grid;
    for (let b = 0; b < g.blockRows; b++) {
      const y = b * plan.blockHeight;
      const front: number[] = [];
      for (let j = 0; j < g.columns; j++) if (pixel(raster, j * plan.blockWidth, y).join() === symbolColour(1).join()) front.push(j);
      // The block row covers steps [b·R, (b+1)·R): the moving cell crosses these columns.
      const first = Math.floor((b * g.rowsPerBlock) / g.cellsPerColumn);
      const last = Math.floor((Math.min(L - 1, (b + 1) * g.rowsPerBlock - 1)) / g.cellsPerColumn);
      expect(front).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
    }
    // Half and half of two common symbols: the mean of their colours.
    const mixed = new GridBuilder(4, 2, { maxColumns: 1 });
    mixed.begin(Uint8Array.from([0, 1, 0, 1]));
    const halfway = renderRaster(syntheticTrace(mixed));
    expect(pixel(halfway, 0, 0)).toEqual(mix(symbolColour(0), symbolColour(1), 0.5));
  });

  it('stretches the shares of pooled blocks so that a faint pattern on a background shows, at most 4×', () => {
    // 100 columns of 10 cells: half of each column's cells in symbol 1, 7 of 10 in column 40.
    const row = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 < (Math.floor(i / 10) === 40 ? 7 : 5) ? 1 : 0));
    const grid = new GridBuilder(1000, 2, { maxColumns: 100 });
    grid.begin(row);
    const trace = syntheticTrace(grid);
    const raster = renderRaster(trace);
    const plan = layout(trace);
    // Shares 0.5 and 0.7 span less than 25%: the range is widened to 0.475–0.725 around them.
    expect(pixel(raster, 40 * plan.blockWidth, 0)).toEqual(mix(symbolColour(0), symbolColour(1), 0.9));
    expect(pixel(raster, 0, 0)).toEqual(mix(symbolColour(0), symbolColour(1), 0.1));
  });

  it('draws one panel per channel, shaded by the share of points in it', () => {
    const model = shippedModel(addition);
    const trace = traceRun(model, addition, { a: '999', b: '1' });
    const raster = renderRaster(trace, { colour: 'channels' });
    const plan = layout(trace, { colour: 'channels' });
    expect(plan.panels.map((p) => p.label)).toEqual(['channel 0', 'channel 1']);
    expect(raster.width).toBe(2 * 4 * plan.blockWidth + 6);
    // Step 1, cell 0 carries: channel 1 full (navy), channel 0 empty (background).
    const y = plan.blockHeight + 1;
    expect(pixel(raster, 1, y)).toEqual(symbolColour(0));
    expect(pixel(raster, plan.panels[1].left + 1, y)).toEqual(symbolColour(1));
    model.dispose();
  });

  it('round-trips through PNG pixel for pixel', () => {
    const model = shippedModel(rule110);
    const trace = traceRun(model, rule110, rule110.random(300, seededRandom(9)));
    const raster = renderRaster(trace);
    const png = encodePng(raster);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const back = decodePng(png);
    expect(back.width).toBe(raster.width);
    expect(back.height).toBe(raster.height);
    expect(Buffer.from(back.data).equals(Buffer.from(raster.data))).toBe(true);
    model.dispose();
  });

  it('rejects picture options it cannot honour', () => {
    const grid = new GridBuilder(3, 2);
    grid.begin(new Uint8Array(3));
    const trace = syntheticTrace(grid);
    expect(() => renderRaster(trace, { colour: 'rainbow' as never })).toThrow(/colour must be symbols or channels/);
    expect(() => renderRaster(trace, { maxWidth: 0 })).toThrow(/maxWidth/);
  });
});
