import * as tf from '@tensorflow/tfjs-core';
import { modelFromCheckpoint, startRun, useBackend, type Run, type SeadModel } from '@sead/core';
import type { Lattice } from '@sead/tasks';
import './backend.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { playgroundTask, shippedCheckpoint } from './catalog.js';
import { DiagramImage } from './diagram-image.js';
import { PALETTE } from './palette.js';
import { diagramHeight, drawTrajectory, stepsToDraw, type RowSink } from './trajectory.js';

beforeAll(async () => {
  await useBackend('cpu');
  tf.enableProdMode();
});

const models = new Map<string, SeadModel>();

/** The shipped model of a playground task, loaded once per file. */
function modelOf(id: string): SeadModel {
  const known = models.get(id);
  if (known) return known;
  const model = modelFromCheckpoint(shippedCheckpoint(playgroundTask(id)));
  models.set(id, model);
  return model;
}

/** A run of the shipped model on the sparse engine, as the page's worker starts one. */
function runOf(id: string, lattice: Lattice): Run {
  return startRun(modelOf(id), playgroundTask(id).task, [lattice], { engine: 'sparse' });
}

/** The whole run, recorded by the sparse engine in one go: what every drawn row must equal. */
function fullHistory(id: string, lattice: Lattice): Uint8Array[] {
  return startRun(modelOf(id), playgroundTask(id).task, [lattice], { engine: 'sparse', record: true }).toEnd()[0].history!;
}

/** A sink that keeps what it is given, over an image's row geometry. */
function recordingSink(cells: number, rows: number, height: number) {
  const image = new DiagramImage(cells, rows, { width: cells, height }, PALETTE);
  const added: [number, Uint8Array][] = [];
  const sink: RowSink = { rows: image.rows, height: image.height, firstStep: (y) => image.firstStep(y), add: (t, row) => void added.push([t, row.slice()]) };
  return { sink, added, image };
}

/** Rows drawn into each pixel row. */
function perPixelRow(image: DiagramImage, steps: number[]): number[] {
  const counts = new Array<number>(image.height).fill(0);
  for (const t of steps) counts[image.pixelRow(t)]++;
  return counts;
}

describe('drawTrajectory', () => {
  it('draws every step of a run that fits the budget, pixel for pixel as the whole recorded run', () => {
    const { task } = playgroundTask('parity');
    const lattice = task.encode({ bits: '1011001110001011101' });
    const steps = 19;
    const drawn = new DiagramImage(lattice.length, steps + 1, { width: 8, height: 6 }, PALETTE);
    expect(drawTrajectory(runOf('parity', lattice), steps, drawn)).toEqual({ rowsDrawn: steps + 1, sampled: false });
    const whole = new DiagramImage(lattice.length, steps + 1, { width: 8, height: 6 }, PALETTE);
    fullHistory('parity', lattice).forEach((row, t) => whole.add(t, row));
    expect(drawn.rgba()).toEqual(whole.rgba());
  });

  // 99…9 + 1 over 300 digits: the carry crosses every cell, 300 steps. Three budgets: steps close
  // together, one step per pixel row 60 steps apart, both.
  it.each([
    ['close steps, recorded', 40, 3],
    ['far steps, skipped between', 5, 1],
    ['a mix', 12, 2],
  ])('samples long runs (%s): every drawn row is the true state at its step', (_, height, rowsPerPixel) => {
    const { task } = playgroundTask('addition');
    const lattice = task.encode({ a: '9'.repeat(300), b: '1' });
    const history = fullHistory('addition', lattice);
    const steps = history.length - 1;
    expect(steps).toBe(300);
    const { sink, added, image } = recordingSink(lattice.length, steps + 1, height);
    const budget = rowsPerPixel * height * lattice.length;
    const result = drawTrajectory(runOf('addition', lattice), steps, sink, budget);
    expect(result).toEqual({ rowsDrawn: added.length, sampled: true });
    expect(added.map(([t]) => t)).toEqual(stepsToDraw(image, lattice.length, budget));
    for (const [t, row] of added) expect(row).toEqual(history[t]);
    const counts = perPixelRow(image, added.map(([t]) => t));
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(rowsPerPixel);
    expect(added[0][0]).toBe(0);
    expect(added.at(-1)![0]).toBe(steps);
  });

  it('follows rollouts from their initial row', () => {
    const { task } = playgroundTask('rule110');
    const lattice = task.encode({ cells: '0'.repeat(49) + '1', steps: 50 });
    const history = fullHistory('rule110', lattice);
    const { sink, added } = recordingSink(lattice.length, 51, 51);
    drawTrajectory(runOf('rule110', lattice), 50, sink);
    expect(added.map(([t]) => t)).toEqual(Array.from({ length: 51 }, (_, t) => t));
    added.forEach(([t, row]) => expect(row).toEqual(history[t]));
  });

  it('rejects an image that does not span the run', () => {
    const lattice = playgroundTask('parity').task.encode({ bits: '01' });
    expect(() => drawTrajectory(runOf('parity', lattice), 2, new DiagramImage(2, 2, { width: 2, height: 2 }, PALETTE))).toThrow('a run of 2 steps has 3 rows, the image spans 2');
  });
});

describe('stepsToDraw and diagramHeight', () => {
  it('take every step when the budget allows, else the same number per pixel row, the first and the last', () => {
    const image = new DiagramImage(10, 1001, { width: 10, height: 100 }, PALETTE);
    expect(stepsToDraw(image, 10, 1e9)).toEqual(Array.from({ length: 1001 }, (_, t) => t));
    const sampled = stepsToDraw(image, 10, 100 * 10 * 2);
    expect(perPixelRow(image, sampled).every((n) => n === 2 || n === 3)).toBe(true);
    expect([sampled[0], sampled.at(-1)]).toEqual([0, 1000]);
  });

  it('gives huge lattices fewer pixel rows, so that drawing stays within the budget', () => {
    expect(diagramHeight(5000, 5001, 720)).toBe(720);
    expect(diagramHeight(1_000_000, 1_000_001, 720)).toBe(60);
    expect(diagramHeight(100_000_000, 7, 720)).toBe(7);
  });
});
