import { beforeAll, describe, expect, it } from 'vitest';
import { multiplication } from '@sead/tasks';
import { GAP_COLOUR, stepColour, symbolColour, WRONG_COLOUR } from './colours.js';
import { gridLayout } from './grid-layout.js';
import { renderGridSvg } from './grid-svg.js';
import { traceGrid } from './grid-trace.js';
import { decodePng } from './png.js';
import { renderGridRaster } from './raster.js';
import { MAX_SVG_RECTS } from './svg.js';
import { cpu, randomModel, shippedModel } from './test-models.js';

beforeAll(cpu);

function pixel(raster: { width: number; data: Uint8ClampedArray }, x: number, y: number): number[] {
  const p = (y * raster.width + x) * 4;
  return [raster.data[p], raster.data[p + 1], raster.data[p + 2]];
}

describe('the picture of a grid', () => {
  it('paints each cell by the step it last changed at on the left, and by the symbol it ends in on the right', () => {
    const model = shippedModel(multiplication);
    const trace = traceGrid(model, multiplication, { a: '101101', b: '1101' });
    model.dispose();
    const { map } = trace;
    const plan = gridLayout(trace);
    const raster = renderGridRaster(trace);
    const side = plan.blockWidth;
    expect(plan.blockHeight).toBe(side);
    expect([raster.width, raster.height]).toEqual([plan.width, 6 * side]);
    const [time, symbols] = plan.panels;
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 4; x++) {
        const k = y * 4 + x;
        const middle = (left: number) => pixel(raster, left + x * side + side / 2, y * side + side / 2);
        expect(middle(time.left), `cell ${k}`).toEqual([...stepColour(map.lastChange[k], trace.steps)]);
        expect(middle(symbols.left), `cell ${k}`).toEqual([...symbolColour(map.counts.subarray(5 * k, 5 * k + 5).indexOf(1))]);
      }
    }
    // Light where the wavefront starts (the bottom-right cell, step 1), darkest where it ends (the top-left, the last step).
    expect(map.lastChange[23]).toBe(1);
    expect(map.lastChange[0]).toBe(trace.steps);
    expect(pixel(raster, time.left + 4 * side + 2, 0)).toEqual([...GAP_COLOUR]);
  });

  it('marks in red the cells that end wrong, unless asked not to', () => {
    const model = randomModel(multiplication, 4);
    const trace = traceGrid(model, multiplication, { a: '110011', b: '100101' });
    model.dispose();
    expect(trace.wrongCells).toBeGreaterThan(0);
    const red = [...WRONG_COLOUR];
    for (const overlay of [true, false]) {
      const plan = gridLayout(trace, { overlay });
      const symbols = plan.panels[1].blocks;
      trace.map.wrong.forEach((wrong, k) => expect([...symbols.subarray(3 * k, 3 * k + 3)].join() === red.join()).toBe(overlay && wrong > 0));
    }
    expect(renderGridSvg(trace)).toContain(`${trace.wrongCells} cells differ from the reference`);
    expect(renderGridSvg(trace, { overlay: false })).not.toContain('differs from the answer');
  });

  it('labels the SVG with the input, the answer, the rows and columns, the step scale and the symbols', () => {
    const model = shippedModel(multiplication);
    const instance = { a: '101101110011', b: '1100101101' };
    const trace = traceGrid(model, multiplication, instance);
    model.dispose();
    const svg = renderGridSvg(trace);
    const product = multiplication.solve(instance);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
    expect(svg).toContain(`multiplication: 12 × 10 cells, ${trace.steps} steps, answer correct`);
    expect(svg).toContain(`a = ${instance.a}, b = ${instance.b} → ${product}`);
    for (const label of ['column 0', 'column 9', 'row 0', 'row 11', ...multiplication.stateSymbols]) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('; no cell differs from the reference');
    // The scale runs from step 0 to the last, the ticks in order.
    const ticks = [...svg.matchAll(/text-anchor="middle"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(trace.steps);
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    // One rectangle per run of a colour along a block row: no more than two panels of cells.
    expect((svg.match(/<rect /g) ?? []).length).toBeLessThan(2 * 12 * 10 + 20);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('fits a pooled product in the size asked for, and embeds a picture of many blocks as a PNG', () => {
    const model = shippedModel(multiplication);
    const n = 700;
    const trace = traceGrid(model, multiplication, { a: '1'.repeat(n), b: '10'.repeat(n / 2) }, { maxRows: 350, maxColumns: 350 });
    model.dispose();
    expect(trace).toMatchObject({ correct: true, map: { cellsPerBlock: 2, blockRows: 350, blockColumns: 350 } });
    const plan = gridLayout(trace, { maxWidth: 706, maxHeight: 350 });
    expect([plan.width, plan.height, plan.blockWidth]).toEqual([706, 350, 1]);
    const svg = renderGridSvg(trace, { maxWidth: 706, maxHeight: 350 });
    expect(2 * 350 * 350).toBeGreaterThan(MAX_SVG_RECTS);
    expect(svg).toContain('each block pools 2 × 2 cells');
    const embedded = /href="data:image\/png;base64,([^"]+)"/.exec(svg);
    expect(embedded).not.toBeNull();
    const png = decodePng(Uint8Array.from(atob(embedded![1]), (c) => c.charCodeAt(0)));
    const raster = renderGridRaster(trace, { maxWidth: 706, maxHeight: 350 });
    expect([png.width, png.height]).toEqual([raster.width, raster.height]);
    // Compared whole rather than element by element, which a deep equality of a million entries would take seconds over.
    const bytes = (data: Uint8ClampedArray) => new Uint8Array(data.buffer, data.byteOffset, data.length);
    expect(Buffer.compare(bytes(png.data), bytes(raster.data))).toBe(0);
  });
});
