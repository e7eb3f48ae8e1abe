import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { predict, SeadModel, toCheckpoint } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { decodePng, stepColour, symbolColour, WRONG_COLOUR } from '@sead/diagram';
import { MAX_LENGTH, multiplication, parity } from '@sead/tasks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectOneError, sead } from './test-cli.js';

const fixtures = inject('fixtures');
let dir: string;

beforeAll(async () => {
  tf.enableProdMode();
  await useNodeBackend();
  dir = await mkdtemp(join(tmpdir(), 'sead-diagram-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function pixel(png: ReturnType<typeof decodePng>, x: number, y: number): number[] {
  const p = (y * png.width + x) * 4;
  return [png.data[p], png.data[p + 1], png.data[p + 2]];
}

describe('sead diagram', () => {
  it('draws the carry wave of 9999999999 + 1 as a PNG: a diagonal, cell by cell', async () => {
    const out = join(dir, 'carry.png');
    const result = await sead(['diagram', '--task', 'addition', '--a', '9999999999', '--b', '1', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`wrote ${out}: addition, 11 cells, 10 steps (fixed-point); answer 10000000000 correct\n`);
    const png = decodePng(await readFile(out));
    // Square cells, 11 across and 11 steps down (t = 0 … 10), then the settled band.
    const size = png.width / 11;
    expect(Number.isInteger(size)).toBe(true);
    for (let t = 0; t <= 10; t++) {
      for (let i = 0; i <= 10; i++) {
        const carry = i < t && i < 10;
        expect(pixel(png, i * size + size / 2, t * size + size / 2), `t=${t} i=${i}`).toEqual([...symbolColour(carry ? 1 : 0)]);
      }
    }
    expect(await readdir(dir)).toEqual(['carry.png']);
  });

  it('writes SVG by extension, takes the instance as JSON, and reports in JSON', async () => {
    const out = join(dir, 'parity.svg');
    const result = await sead(['diagram', '--task', 'parity', '--model', fixtures.parity, '--input', '{"bits":"0110"}', '--out', out, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      out,
      task: 'parity',
      model: fixtures.parity,
      engine: 'sparse',
      cells: 4,
      steps: 4,
      outcome: 'fixed-point',
      converged: true,
      correct: true,
      reference: 'targets',
      wrongPoints: 0,
      pooled: { cellsPerColumn: 1, stepsPerRow: 1 },
    });
    const svg = await readFile(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('parity: 4 cells, 4 steps, answer correct');
  });

  it('marks in red exactly the cells where a wrong model disagrees with the reference', async () => {
    // An untrained model: an arbitrary rule, wrong on some cells of this input's settled row.
    const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'discrete', 5);
    const checkpoint = join(dir, 'untrained-parity.json');
    await writeFile(checkpoint, JSON.stringify(toCheckpoint(model)));
    const instance = { bits: '0110100111' };
    const settled = predict(model, parity, instance).run.symbols;
    const targets = parity.cellTargets!(instance);
    const wrong = [...settled].map((s, i) => s !== targets[i]);
    expect(wrong.some(Boolean)).toBe(true);
    model.dispose();

    const out = join(dir, 'wrong.png');
    const result = await sead(['diagram', '--task', 'parity', '--model', checkpoint, '--bits', instance.bits, '--out', out, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ correct: false, wrongPoints: wrong.filter(Boolean).length });
    const png = decodePng(await readFile(out));
    const red = [...WRONG_COLOUR];
    // The settled band, at the bottom: red exactly where the last row is wrong.
    const size = png.width / 10;
    wrong.forEach((w, i) => {
      const colour = pixel(png, i * size + size / 2, png.height - 2);
      if (w) expect(colour).toEqual(red);
      else expect(colour).toEqual([...symbolColour(settled[i])]);
    });
    const plain = join(dir, 'wrong-plain.png');
    expect((await sead(['diagram', '--task', 'parity', '--model', checkpoint, '--bits', instance.bits, '--out', plain, '--no-overlay'])).status).toBe(0);
    const unmarked = decodePng(await readFile(plain));
    for (let y = 0; y < unmarked.height; y++) for (let x = 0; x < unmarked.width; x++) expect(pixel(unmarked, x, y)).not.toEqual(red);
  });

  it('draws a 10⁶-digit carry wave at a bounded size, and adversarial or random instances by length', async () => {
    const out = join(dir, 'long.png');
    const result = await sead(['diagram', '--task', 'addition', '--length', '1000000', '--family', 'nines-plus-one', '--out', out, '--json']);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ cells: 1_000_001, steps: 1_000_000, correct: true });
    expect(summary.width).toBeLessThanOrEqual(1000);
    expect(summary.height).toBeLessThanOrEqual(1100);
    const png = decodePng(await readFile(out));
    // The front: at a third of the way down, a third of the way across.
    const y = Math.floor(png.height / 3);
    expect(pixel(png, Math.floor(png.width / 3) - 12, y)).toEqual([...symbolColour(1)]);
    expect(pixel(png, Math.floor(png.width / 3) + 12, y)).toEqual([...symbolColour(0)]);
    const random = await sead(['diagram', '--task', 'rule110', '--model', fixtures.rule110, '--length', '64', '--seed', '3', '--colour', 'channels', '--out', join(dir, 'r110.svg'), '--json']);
    expect(JSON.parse(random.stdout)).toMatchObject({ cells: 64, steps: 64, reference: 'trajectory' });
  });

  it('says in one line what is wrong with the command', async () => {
    const cases: [string[], RegExp][] = [
      [['--task', 'addition', '--a', '12', '--b', '3'], /missing --out/],
      [['--task', 'addition', '--a', '12', '--b', '3', '--out', 'x.gif'], /--out must end in \.png or \.svg/],
      [['--task', 'addition', '--out', 'x.png'], /give the instance: .*\(a, b\)/],
      [['--task', 'addition', '--a', '1x', '--b', '3', '--out', 'x.png'], /bad instance: field "a" must contain only decimal digits/],
      [['--task', 'parity', '--a', '1', '--out', 'x.png'], /--a is not a field of task "parity"; its fields: bits/],
      [['--task', 'parity', '--input', '{bits', '--out', 'x.png'], /--input is not JSON/],
      [['--task', 'parity', '--input', '[1]', '--out', 'x.png'], /--input must be a JSON object/],
      [['--task', 'parity', '--length', '8', '--family', 'nope', '--out', 'x.png'], /no adversarial family "nope"; its families: random, all-ones/],
      [['--task', 'parity', '--length', '8', '--bits', '01', '--out', 'x.png'], /either with --length or/],
      [['--task', 'parity', '--bits', '01', '--colour', 'rainbow', '--out', 'x.png'], /--colour must be symbols or channels/],
      [['--task', 'rule110', '--cells', '1'.repeat(100_000), '--steps', '100000', '--out', 'x.png'], /more than 2000000000 points/],
      [['--task', 'nope', '--bits', '1', '--out', 'x.png'], /unknown task "nope"/],
    ];
    for (const [args, pattern] of cases) expectOneError(await sead(['diagram', ...args]), 2, pattern);
    // A long dense run is held to its bound on cell updates, and drawn as far as it got.
    const capped = await sead(['diagram', '--task', 'parity', '--length', '20000', '--engine', 'dense', '--max-updates', '1e6', '--out', join(dir, 'dense.png'), '--json']);
    expect(capped.status, capped.stderr).toBe(0);
    expect(JSON.parse(capped.stdout)).toMatchObject({ engine: 'dense', outcome: 'update-cap', steps: 50, converged: false, correct: false });
    expect(await readdir(dir)).toContain('dense.png');
  });

  it('draws a product on its grid: when each cell last changed beside its symbol, as SVG naming the product and as PNG', async () => {
    const instance = { a: '1011', b: '110' };
    const product = multiplication.solve(instance);
    const svgOut = join(dir, 'product.svg');
    const result = await sead(['diagram', '--task', 'multiplication', '--a', instance.a, '--b', instance.b, '--out', svgOut]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`wrote ${svgOut}: multiplication, 4 × 3 cells, 9 steps (fixed-point); answer ${product} correct\n`);
    const svg = await readFile(svgOut, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+">\n/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain(`a = 1011, b = 110 → ${product}`);
    expect(svg).toContain('multiplication: 4 × 3 cells, 9 steps, answer correct');

    const pngOut = join(dir, 'product.png');
    const json = await sead(['diagram', '--task', 'multiplication', '--input', JSON.stringify(instance), '--out', pngOut, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({ task: 'multiplication', model: 'shipped', rows: 4, columns: 3, steps: 9, outcome: 'fixed-point', correct: true, reference: 'targets', wrongCells: 0, pooled: { cellsPerBlock: 1 } });
    const png = decodePng(await readFile(pngOut));
    expect([png.width, png.height]).toEqual([summary.width, summary.height]);
    // Square cells, 3 across in each panel, 4 down, the panels a few pixels apart.
    const side = png.height / 4;
    const right = png.width - 3 * side;
    const targets = multiplication.cellTargets!(instance);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 3; x++) {
        // The task's wavefront: cell (p, q) from the least significant bits settles at step 2p + q + 1.
        const settled = 2 * (3 - y) + (2 - x) + 1;
        expect(pixel(png, x * side + side / 2, y * side + side / 2), `row ${y} column ${x}`).toEqual([...stepColour(settled, 9)]);
        expect(pixel(png, right + x * side + side / 2, y * side + side / 2), `row ${y} column ${x}`).toEqual([...symbolColour(targets[y * 3 + x])]);
      }
    }
  });

  it('pools a large product to the size asked for, and draws grids of random or adversarial instances by length', async () => {
    const pooled = await sead(['diagram', '--task', 'multiplication', '--length', '300', '--family', 'ones-times-ones', '--width', '200', '--height', '100', '--out', join(dir, 'pooled.png'), '--json']);
    expect(pooled.status, pooled.stderr).toBe(0);
    const summary = JSON.parse(pooled.stdout);
    expect(summary).toMatchObject({ rows: 300, columns: 300, steps: 898, correct: true, pooled: { cellsPerBlock: 4 } });
    expect(summary.width).toBeLessThanOrEqual(200);
    expect(summary.height).toBeLessThanOrEqual(100);
    const random = await sead(['diagram', '--task', 'multiplication', '--length', '12', '--seed', '5', '--engine', 'dense', '--out', join(dir, 'random.svg')]);
    // Every product of two 12-bit numbers settles in 2 · 12 + 12 − 2 steps, whatever its bits.
    expect(random.stdout).toMatch(/^wrote .*random\.svg: multiplication, 12 × 12 cells, 34 steps \(fixed-point\); answer [01]+ correct\n$/);
  });

  it('says in one line what is wrong with a grid, before any work', async () => {
    const side = Math.floor(Math.sqrt(MAX_LENGTH)) + 1;
    const cases: [string[], RegExp][] = [
      [['--a', '1021', '--b', '1'], /bad instance: field "a" must contain only bits 0 and 1/],
      [['--a', '101', '--b', '1', '--colour', 'channels'], /--colour channels draws rows; task "multiplication" lays its lattices out as grids/],
      [['--a', '1'.repeat(side), '--b', '1'.repeat(side)], new RegExp(`a grid of ${side * side} cells; at most ${MAX_LENGTH} cells are supported`)],
      [['--bits', '0110'], /--bits is not a field of task "multiplication"; its fields: a, b/],
    ];
    const out = join(dir, 'refused', 'grid.png');
    for (const [args, pattern] of cases) expectOneError(await sead(['diagram', '--task', 'multiplication', ...args, '--out', out]), 2, pattern);
    expect(await readdir(dir)).not.toContain('refused');
  });
});
