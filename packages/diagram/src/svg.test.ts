import { beforeAll, describe, expect, it } from 'vitest';
import { addition, defineTask, parity, rule110, seededRandom } from '@sead/tasks';
import { hex, symbolColour, WRONG_COLOUR } from './colours.js';
import { layout } from './layout.js';
import { decodePng } from './png.js';
import { renderRaster } from './raster.js';
import { MAX_SVG_RECTS, renderSvg } from './svg.js';
import { traceRun } from './trace.js';
import { cpu, frozenModel, randomModel, shippedModel } from './test-models.js';

beforeAll(cpu);

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

/** The diagram's rectangles, in the diagram's own coordinates. */
function rects(svg: string): Rect[] {
  const body = /<g shape-rendering="crispEdges">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...body.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"\/>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    fill: m[5],
  }));
}

/** The fill at a point of the diagram. */
function fillAt(list: Rect[], x: number, y: number): string | undefined {
  return list.find((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)?.fill;
}

describe('renderSvg', () => {
  it('draws the same blocks as the raster, runs of one colour merged, with axes, a title and a legend', () => {
    const model = shippedModel(addition);
    const trace = traceRun(model, addition, { a: '9'.repeat(9), b: '1' });
    const svg = renderSvg(trace);
    const plan = layout(trace);
    const raster = renderRaster(trace);
    const list = rects(svg);
    // A diagonal front: each step's row is at most two runs, plus the settled band's two.
    expect(list.length).toBeLessThanOrEqual(2 * 10 + 2);
    for (let y = 0; y < plan.height; y += 3) {
      for (let x = 0; x < plan.width; x += 3) {
        const p = (y * raster.width + x) * 4;
        const colour = hex([raster.data[p], raster.data[p + 1], raster.data[p + 2]]);
        expect(fillAt(list, x, y) ?? '#ffffff').toBe(colour);
      }
    }
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
    expect(svg).toContain('addition: 10 cells, 9 steps, answer correct');
    expect(svg).toContain('>no-carry</text>');
    expect(svg).toContain('>carry</text>');
    expect(svg).toContain('>differs from the answer</text>');
    expect(svg).toContain('>t = 9</text>');
    expect(svg).toContain('>cell 9</text>');
    model.dispose();
  });

  it('says when the answer is wrong and marks the wrong cells red', () => {
    const model = frozenModel(addition);
    const trace = traceRun(model, addition, { a: '95', b: '17' });
    const svg = renderSvg(trace);
    expect(svg).toContain('answer WRONG');
    expect(svg).toContain('2 points differ from the reference');
    const red = rects(svg).filter((r) => r.fill === hex(WRONG_COLOUR));
    // Cells 0 and 1, merged into one run, in the diagram's only row and in the settled band.
    const { blockWidth, band } = layout(trace);
    expect(red.map((r) => [r.x, r.y, r.width])).toEqual([[0, 0, 2 * blockWidth], [0, band!.top, 2 * blockWidth]]);
    model.dispose();
  });

  it('embeds the picture as a PNG when a noisy run would need too many rectangles', () => {
    const model = shippedModel(rule110);
    const trace = traceRun(model, rule110, rule110.random(400, seededRandom(2)));
    const svg = renderSvg(trace);
    expect(rects(svg)).toEqual([]);
    const data = /href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(svg)?.[1];
    expect(data).toBeDefined();
    const png = decodePng(Uint8Array.from(Buffer.from(data!, 'base64')));
    const raster = renderRaster(trace);
    expect(Buffer.from(png.data).equals(Buffer.from(raster.data))).toBe(true);
    expect(MAX_SVG_RECTS).toBeLessThan(trace.grid.columns * trace.grid.blockRows);
    model.dispose();
  });

  it("escapes a plugin's symbol names and labels the panels of the channel colouring", () => {
    const task = defineTask({ ...parity, id: 'tagged', stateSymbols: ['<?>', 'a&b', '"1"'] });
    const model = randomModel(task, 1);
    const svg = renderSvg(traceRun(model, task, { bits: '0110' }), { colour: 'channels' });
    expect(svg).toContain('channel 0 (&lt;?&gt;)');
    expect(svg).toContain('channel 1 (a&amp;b)');
    expect(svg).toContain('channel 2 (&quot;1&quot;)');
    expect(svg).not.toMatch(/<\?>|a&b/);
    expect(svg).toContain(`fill="${hex(symbolColour(0))}"`);
    model.dispose();
  });
});
