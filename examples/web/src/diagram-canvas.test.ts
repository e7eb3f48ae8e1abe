import { describe, expect, it } from 'vitest';
import { LiveDiagram } from './diagram-canvas.js';
import { DiagramImage } from './diagram-image.js';
import { PALETTE } from './palette.js';

/** Rows of 5 cells, row t with its first t cells at symbol 1. */
const rows = (count: number) => Array.from({ length: count }, (_, t) => Uint8Array.from({ length: 5 }, (_, i) => (i < t ? 1 : 0)));

function imageOf(history: Uint8Array[], layoutRows: number): Uint8ClampedArray {
  const image = new DiagramImage(5, layoutRows, { width: 960, height: 720 }, PALETTE);
  history.forEach((row, t) => image.add(t, row));
  return image.rgba();
}

describe('LiveDiagram', () => {
  it('fills the rows it expects from the top, adding only the new ones', () => {
    const diagram = new LiveDiagram(5, 6, PALETTE);
    diagram.update(rows(2));
    const image = diagram.update(rows(3));
    expect(image.rows).toBe(6);
    expect(image.rgba()).toEqual(imageOf(rows(3), 6));
  });

  it('lays itself out again, twice as tall, when the run outgrows it', () => {
    const diagram = new LiveDiagram(5, 4, PALETTE);
    diagram.update(rows(4));
    const image = diagram.update(rows(5));
    expect(image.rows).toBe(8);
    expect(image.rgba()).toEqual(imageOf(rows(5), 8));
  });

  it('fits a finished run exactly', () => {
    const diagram = new LiveDiagram(5, 6, PALETTE);
    diagram.update(rows(3));
    const image = diagram.fit(rows(3));
    expect(image.rows).toBe(3);
    expect(image.rgba()).toEqual(imageOf(rows(3), 3));
  });
});
